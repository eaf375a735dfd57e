import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consentRedirect, lumenDrive, oauthClients, relayCrm } from '../../mocks/index.ts';
import type { CommandName, Connection, OAuthStart, RunSnapshot } from '../../src/engine/index.ts';
import { settled } from '../engine/helpers.ts';
import { readUntil, startServer, type TestServer } from './helpers.ts';

const key = { appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } } as const;

let server: TestServer;
beforeEach(async () => {
  server = await startServer({ host: { retry: { maxAttempts: 1 }, oauthClients } });
});
afterEach(() => server.close());

async function call(tenant: string, name: string, input: unknown = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/commands/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
}

const redirectUri = 'https://host.example/oauth-callback.html';

/** Tenant A's connection, saved mapping, finished import and an OAuth sign-in in progress. */
async function tenantAWithData(): Promise<{ connection: Connection; run: RunSnapshot; signIn: OAuthStart }> {
  const connection = (await call('tenant-a', 'connect', key)).body as Connection;
  const mapping = { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } };
  expect((await call('tenant-a', 'saveFieldMapping', { connectionId: connection.id, dataModel: 'users', mapping })).status).toBe(200);
  const run = (await call('tenant-a', 'startImport', { connectionId: connection.id, collection: 'users' })).body as RunSnapshot;
  await settled(server.host.engineFor('tenant-a'), run.id);
  const signIn = (await call('tenant-a', 'startOAuth', { appId: lumenDrive.appId, redirectUri })).body as OAuthStart;
  return { connection, run, signIn };
}

type Probe = (ids: { connectionId: string; runId: string; state: string }) => { input: unknown; expect: { status: number; code?: string; body?: unknown } };

const notFoundConnection = { status: 404, code: 'connection.not-found' };
const notFoundRun = { status: 404, code: 'run.not-found' };
const ref = (connectionId: string) => ({ connectionId, dataModel: 'users' });

/** Every command, tried by tenant B with tenant A's ids. A new command must be added here. */
const probes = {
  listApps: () => ({ input: {}, expect: { status: 200 } }),
  listConnections: () => ({ input: {}, expect: { status: 200, body: [] } }),
  disconnect: ({ connectionId }) => ({ input: { connectionId }, expect: notFoundConnection }),
  reconnect: ({ connectionId }) => ({ input: { connectionId, credentials: key.credentials }, expect: notFoundConnection }),
  listCollections: ({ connectionId }) => ({ input: { connectionId }, expect: notFoundConnection }),
  sampleRecords: ({ connectionId }) => ({ input: { connectionId, collection: 'users' }, expect: notFoundConnection }),
  getFieldMapping: ({ connectionId }) => ({ input: ref(connectionId), expect: notFoundConnection }),
  saveFieldMapping: ({ connectionId }) => ({ input: { ...ref(connectionId), mapping: { fields: { id: { path: 'id' } } } }, expect: notFoundConnection }),
  suggestMapping: ({ connectionId }) => ({ input: ref(connectionId), expect: notFoundConnection }),
  previewMapping: ({ connectionId }) => ({ input: { ...ref(connectionId), mapping: { fields: { id: { path: 'id' } } }, limit: 20 }, expect: notFoundConnection }),
  startImport: ({ connectionId }) => ({ input: ref(connectionId), expect: notFoundConnection }),
  cancelRun: ({ runId }) => ({ input: { runId }, expect: notFoundRun }),
  resumeRun: ({ runId }) => ({ input: { runId }, expect: notFoundRun }),
  restartRun: ({ runId }) => ({ input: { runId }, expect: notFoundRun }),
  listDeadLetters: ({ runId }) => ({ input: { runId }, expect: { status: 200, body: [] } }),
  replayDeadLetters: ({ runId }) => ({ input: { runId }, expect: notFoundRun }),
  listRuns: () => ({ input: {}, expect: { status: 200, body: [] } }),
  getRun: ({ runId }) => ({ input: { runId }, expect: notFoundRun }),
  getFlow: ({ connectionId }) => ({ input: ref(connectionId), expect: notFoundConnection }),
  retryFlowRun: ({ runId }) => ({ input: { runId }, expect: notFoundRun }),
  rotateWebhookSecret: ({ connectionId }) => ({ input: { connectionId }, expect: notFoundConnection }),
  startOAuth: ({ connectionId }) => ({ input: { appId: lumenDrive.appId, redirectUri, connectionId }, expect: notFoundConnection }),
  // Sign-ins are kept in the tenant's store: B cannot spend A's state (A's still completes, below).
  completeOAuth: ({ state }) => ({ input: { state, code: 'any' }, expect: { status: 422, code: 'oauth.state-mismatch' } }),
  testCredentials: () => ({ input: key, expect: { status: 200, body: { ok: true } } }),
  // Last: it gives B a connection of its own.
  connect: () => ({ input: key, expect: { status: 200 } }),
} satisfies Record<Exclude<CommandName, 'receiveWebhook'>, Probe>;

describe('tenancy', () => {
  it("given tenant A's ids, tenant B gets not-found from every command and A's data stays as it was", async () => {
    const { connection, run, signIn } = await tenantAWithData();
    const ids = { connectionId: connection.id, runId: run.id, state: signIn.state };
    for (const [name, probe] of Object.entries(probes) as [string, Probe][]) {
      const { input, expect: expected } = probe(ids);
      const { status, body } = await call('tenant-b', name, input);
      expect(status, name).toBe(expected.status);
      if (expected.code) expect((body as { error: { code: string } }).error.code, name).toBe(expected.code);
      if (expected.body) expect(body, name).toEqual(expected.body);
    }

    expect((await call('tenant-a', 'listConnections')).body).toEqual([connection]);
    expect((await call('tenant-a', 'getRun', { runId: run.id })).body).toMatchObject({ id: run.id, status: 'succeeded' });
    expect((await call('tenant-a', 'getFieldMapping', ref(connection.id))).body).toMatchObject({ isDefault: false });
    // B's own connection (made by the connect probe) is B's alone.
    expect((await call('tenant-b', 'listConnections')).body).toHaveLength(1);
    // A's sign-in, whose state B tried, is still A's to complete.
    const answer = new URL(consentRedirect(signIn.authorizationUrl, 'allow'));
    const completed = await call('tenant-a', 'completeOAuth', { state: answer.searchParams.get('state'), code: answer.searchParams.get('code') });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ appId: lumenDrive.appId, status: 'connected' });
    expect((await call('tenant-b', 'listConnections')).body).toHaveLength(1);
  });

  it("never carries tenant A's events on tenant B's stream", async () => {
    const response = await fetch(`${server.url}/events`, { headers: { authorization: 'Bearer tenant-b' } });
    const body = response.body as ReadableStream<Uint8Array>;
    await readUntil(body, (text) => text.includes('event: ready'));

    const { connection, run } = await tenantAWithData();
    await call('tenant-a', 'disconnect', { connectionId: connection.id });
    // B's own change comes through, so anything of A's would have arrived before it.
    const own = (await call('tenant-b', 'connect', key)).body as Connection;
    const text = await readUntil(body, (t) => t.includes(own.id));
    // Cancelling closes the stream (aborting one no one reads would reject unheard). Not awaited: the client
    // settles it once the server next writes or closes the connection, which afterEach does at once.
    void body.cancel().catch(() => undefined);

    expect(text).not.toContain(connection.id);
    expect(text).not.toContain(run.id);
    const events = [...text.matchAll(/^data: (.+)$/gm)].map((match) => JSON.parse(match[1] as string) as { type: string; connection?: Connection });
    expect(events.map((event) => [event.type, event.connection?.id])).toEqual([['connection.changed', own.id]]);
  });

  it("keeps A's stream to A's events while B works", async () => {
    const response = await fetch(`${server.url}/events`, { headers: { authorization: 'Bearer tenant-a' } });
    const body = response.body as ReadableStream<Uint8Array>;
    await readUntil(body, (text) => text.includes('event: ready'));
    const theirs = (await call('tenant-b', 'connect', key)).body as Connection;
    const mine = (await call('tenant-a', 'connect', key)).body as Connection;
    const text = await readUntil(body, (t) => t.includes(mine.id));
    // Cancelling closes the stream (aborting one no one reads would reject unheard). Not awaited: the client
    // settles it once the server next writes or closes the connection, which afterEach does at once.
    void body.cancel().catch(() => undefined);
    expect(text).not.toContain(theirs.id);
  });
});

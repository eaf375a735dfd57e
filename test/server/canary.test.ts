import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  beaconDesk,
  consentRedirect,
  createLumenDrive,
  lumenDrive,
  harborHr,
  harborHrConnector,
  pipewellCrm,
  pipewellCrmHandlers,
  relayCrm,
  relayCrmConnector,
  relayCrmHandlers,
} from '../../mocks/index.ts';
import { createClient, TributaryError, type TributaryClient } from '../../src/client/index.ts';
import type { Credentials } from '../../src/engine/index.ts';
import { until } from '../client/clientContract.ts';
import { server as msw } from '../setup/msw.ts';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Credentials are write-only: they go to the app and nowhere else. This test
 * plants secrets, valid and invalid, runs connects and failing imports through
 * the hosted engine, and looks for them in everything that comes out.
 */

const unique = () => crypto.randomUUID().replaceAll('-', '');
const wrongKey = `canary_key_${unique()}`;
const wrongPassword = `canary_pass_${unique()}`;
const wrongToken = `canary_token_${unique()}`;

/** Secrets and the encoded forms they travel in (basic auth sends base64 of `user:password`). */
const secrets: Record<string, string> = {
  'relay key (valid)': relayCrm.apiKey,
  'relay key (wrong)': wrongKey,
  'harbor password (valid)': harborHr.password,
  'harbor password (wrong)': wrongPassword,
  'harbor basic (valid)': btoa(`${harborHr.username}:${harborHr.password}`),
  'harbor basic (wrong)': btoa(`${harborHr.username}:${wrongPassword}`),
  'pipewell token in the query (valid)': pipewellCrm.credentials.apiKey,
  'pipewell token in the query (wrong)': wrongToken,
  'beacon password (valid)': beaconDesk.credentials.password,
};

let server: TestServer;
const outputs: { where: string; text: string }[] = [];
const sentToApps: string[] = [];
const record = (where: string, text: string) => outputs.push({ where, text });

/** A fetch that keeps every response body the client reads (event streams are read separately). */
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!String(input).endsWith('/events')) record(`response ${String(input)}`, await response.clone().text());
  return response;
};

beforeEach(async () => {
  outputs.length = 0;
  sentToApps.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => record(`console.${method}`, args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')));
  }
  msw.events.on('request:start', ({ request }) => {
    sentToApps.push(`${request.url} ${request.headers.get('authorization') ?? ''}`);
  });
  server = await startServer({ host: { retry: { maxAttempts: 1 } } });
});

afterEach(async () => {
  msw.events.removeAllListeners();
  vi.restoreAllMocks();
  await server.close();
});

function clientFor(tenant: string): TributaryClient {
  return createClient({ url: server.url, headers: { authorization: `Bearer ${tenant}` }, fetch: recordingFetch });
}

async function expectError(pending: Promise<unknown>): Promise<TributaryError> {
  const error = await pending.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TributaryError);
  const typed = error as TributaryError;
  record('error', `${typed.message}\n${JSON.stringify(typed)}\n${typed.stack ?? ''}`);
  return typed;
}

describe('credentials never leave', () => {
  it('given valid and wrong credentials and imports that fail, no secret appears in any response, event, log line, run record or error', async () => {
    const client = clientFor('tenant-a');
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/events`, { headers: { authorization: 'Bearer tenant-a' }, signal: controller.signal });
    let sse = '';
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream.body as ReadableStream<Uint8Array>) sse += decoder.decode(chunk, { stream: true });
    })().catch(() => undefined);
    await client.start();

    // Wrong credentials: an API key, a password, a token sent as a query parameter.
    const attempts: { appId: string; credentials: Credentials }[] = [
      { appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: wrongKey } },
      { appId: harborHr.appId, credentials: { type: 'basic', username: harborHr.username, password: wrongPassword } },
      { appId: pipewellCrm.appId, credentials: { type: 'api-key', apiKey: wrongToken } },
    ];
    for (const attempt of attempts) {
      const error = await expectError(client.connect(attempt));
      expect(error.code).toBe('auth.invalid-credentials');
    }

    // Valid credentials, then imports that fail: expired credentials (401 mid-import) and a failing app.
    msw.use(...relayCrmHandlers({ faults: { expireCredentialsAfterRequests: 2 } }), ...pipewellCrmHandlers({ faults: { serverErrorRate: 1 } }));
    const relay = await client.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const harbor = await client.connect({ appId: harborHr.appId, credentials: harborHr.credentials });
    const pipewell = await client.connect({ appId: pipewellCrm.appId, credentials: pipewellCrm.credentials });
    await client.connect({ appId: beaconDesk.appId, credentials: beaconDesk.credentials });
    const runs = [
      await client.startImport({ connectionId: relay.id, collection: 'users' }),
      await client.startImport({ connectionId: pipewell.id, collection: 'persons' }),
      await client.startImport({ connectionId: harbor.id, dataModel: 'users' }),
    ];
    await until(client, () => runs.every((run) => ['succeeded', 'failed'].includes(client.getState().runs.find((r) => r.id === run.id)?.status ?? '')));
    const finished = client.getState().runs;
    expect(finished.find((run) => run.id === runs[0]?.id)).toMatchObject({ status: 'failed', error: { code: 'auth.invalid-credentials' } });
    expect(finished.find((run) => run.id === runs[1]?.id)).toMatchObject({ status: 'failed', error: { class: 'transient' } });
    await until(client, () => client.getState().connections.find((c) => c.id === relay.id)?.status === 'needs-reauth');

    // Actions on the failed runs answer with errors of their own.
    await expectError(client.restartRun('missing'));
    await expectError(client.startImport({ connectionId: relay.id, collection: 'users' }));
    await client.collections(pipewell.id).refresh();
    await client.fieldMapping({ connectionId: harbor.id, dataModel: 'users' }).refresh();
    for (const run of runs) record('dead letters', JSON.stringify(await client.listDeadLetters(run.id)));

    // What is kept: run records with their logs and errors, connections, dead letters.
    const engine = server.host.engineFor('tenant-a');
    record('engine runs', JSON.stringify(await engine.listRuns({})));
    record('engine connections', JSON.stringify(await engine.listConnections({})));
    const store = server.stores.forTenant('tenant-a');
    record('stored runs', JSON.stringify(await store.listRuns()));
    record('stored connections', JSON.stringify(await store.listConnections()));
    record('client state', JSON.stringify(client.getState()));

    controller.abort();
    client.close();
    record('event stream', sse);
    expect(sse).toContain('connection.changed');
    expect(sse).toContain('"status":"failed"');

    // The secrets did reach the apps: the test is not vacuous.
    const seenByApps = sentToApps.join('\n');
    for (const secret of [relayCrm.apiKey, wrongKey, wrongToken, pipewellCrm.credentials.apiKey, btoa(`${harborHr.username}:${wrongPassword}`)]) {
      expect(seenByApps).toContain(secret);
    }
    expect(outputs.some((output) => output.where.startsWith('response'))).toBe(true);
    expect(outputs.filter((output) => output.where === 'error')).toHaveLength(5);

    const leaks = outputs.flatMap(({ where, text }) =>
      Object.entries(secrets).filter(([, secret]) => text.includes(secret)).map(([name]) => `${name} in ${where}`),
    );
    expect(leaks).toEqual([]);
  });
});

describe('OAuth secrets never leave', () => {
  it('given a sign-in, a refresh and a revoked grant, no token, code or verifier appears in any response, event, log line, run record or error', async () => {
    const provider = createLumenDrive();
    msw.use(...provider.handlers);
    const sentToProvider: string[] = [];
    msw.events.on('request:start', ({ request }) => {
      if (request.url.startsWith('https://auth.lumen-drive.test/')) void request.clone().text().then((body) => sentToProvider.push(body));
    });
    const own = await startServer({ host: { retry: { maxAttempts: 1 }, oauthClients: { [lumenDrive.appId]: { ...lumenDrive.confidentialClient } } } });
    const client = createClient({ url: own.url, headers: { authorization: 'Bearer tenant-a' }, fetch: recordingFetch });
    try {
      await client.start();
      const start = await client.startOAuth(lumenDrive.appId, 'https://host.example/oauth-callback.html');
      const answer = new URL(consentRedirect(start.authorizationUrl, 'allow')).searchParams;
      const connection = await client.completeOAuth({ state: answer.get('state')!, code: answer.get('code')! });
      const store = own.stores.forTenant('tenant-a');
      const first = await store.getCredentials(connection.id);

      // Refused mid-use: refreshed, then the grant revoked and the import failing as auth.
      provider.expireAccessTokens();
      const refreshed = await client.startImport({ connectionId: connection.id, dataModel: 'files' });
      await until(client, () => client.getState().runs.find((run) => run.id === refreshed.id)?.status === 'succeeded');
      const second = await store.getCredentials(connection.id);
      provider.expireAccessTokens();
      provider.revokeRefreshTokens();
      const failed = await client.startImport({ connectionId: connection.id, collection: 'folders' });
      await until(client, () => client.getState().runs.find((run) => run.id === failed.id)?.status === 'failed');
      await until(client, () => client.getState().connections[0]?.status === 'needs-reauth');
      // A replayed answer (its state is spent, so it never reaches the provider), for its error message.
      await expectError(client.completeOAuth({ state: answer.get('state')!, code: answer.get('code')! }));
      record('engine runs', JSON.stringify(await own.host.engineFor('tenant-a').listRuns({})));
      record('stored runs', JSON.stringify(await store.listRuns()));
      record('stored connections', JSON.stringify(await store.listConnections()));
      record('client state', JSON.stringify(client.getState()));

      const planted: Record<string, string> = { code: answer.get('code')!, 'client secret': lumenDrive.confidentialClient.clientSecret };
      for (const [name, credentials] of [['first', first], ['second', second]] as const) {
        if (credentials?.type !== 'oauth2') throw new Error(`expected ${name} OAuth tokens`);
        planted[`${name} access token`] = credentials.accessToken;
        planted[`${name} refresh token`] = credentials.refreshToken!;
      }
      const verifier = sentToProvider.map((body) => new URLSearchParams(body).get('code_verifier')).find((value) => value !== null);
      planted.verifier = verifier!;
      // The secrets did travel where they belong: to the provider and the app.
      expect(sentToProvider.join('\n')).toContain(planted.verifier);
      expect(sentToProvider.join('\n')).toContain(planted['first refresh token']);
      expect(provider.tokenRequests.map((request) => request.grantType)).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);

      const leaks = outputs.flatMap(({ where, text }) => Object.entries(planted).filter(([, secret]) => text.includes(secret)).map(([name]) => `${name} in ${where}`));
      expect(leaks).toEqual([]);
    } finally {
      client.close();
      await own.close();
    }
  });
});

describe('an app that quotes the credentials it refuses', () => {
  it('given a connect the app rejects with the key in its message, answers without the key', async () => {
    msw.use(
      http.get(`${relayCrmConnector.baseUrl}/me`, ({ request }) =>
        HttpResponse.json({ error: { message: `Unknown key in "${request.headers.get('authorization')}"` } }, { status: 401 }),
      ),
      http.get(`${harborHrConnector.baseUrl}/company`, ({ request }) =>
        HttpResponse.json({ message: `Refused ${request.headers.get('authorization')} for ${harborHr.username}` }, { status: 401 }),
      ),
    );
    const client = clientFor('tenant-a');
    const key = await expectError(client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: wrongKey } }));
    expect(key.message).toContain('[redacted]');
    const basic = await expectError(client.connect({ appId: harborHr.appId, credentials: { type: 'basic', username: harborHr.username, password: wrongPassword } }));
    expect(basic.message).toContain(harborHr.username);
    client.close();
    const leaks = outputs.flatMap(({ where, text }) =>
      Object.entries(secrets).filter(([, secret]) => text.includes(secret)).map(([name]) => `${name} in ${where}`),
    );
    expect(leaks).toEqual([]);
  });
});

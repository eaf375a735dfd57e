/**
 * The hosted demo end to end, as `npm run serve` runs it (without the page):
 * the HTTP client drives the server on SQLite; the mocked Relay CRM, served
 * over loopback, posts signed webhooks to the intake route; the receiver gets
 * each change. Then the process's parts restart on the same data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostedDemo, type HostedDemo, type ReceiverState } from '../../mocks/hosted/demo.ts';
import { relayCrm } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import type { DataSourceRef } from '../../src/engine/index.ts';
import { until } from '../client/clientContract.ts';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the hosted demo', () => {
  const cleanups: (() => unknown)[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-demo-'));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

  async function start(): Promise<{ demo: HostedDemo; client: TributaryClient }> {
    const demo = await startHostedDemo({ dataDir, heartbeatMs: 500 });
    const client = createClient({ url: `${demo.url}/tributary`, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
    cleanups.push(() => demo.close(), () => client.close());
    await client.start();
    return { demo, client };
  }

  const receiverOf = (demo: HostedDemo) => async (): Promise<ReceiverState> => (await fetch(`${demo.url}/demo/receiver`)).json() as Promise<ReceiverState>;
  const post = (demo: HostedDemo, path: string, body: unknown) =>
    fetch(`${demo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('imports, then keeps the host copy up to date from signed webhooks through the intake route, across a restart', async () => {
    let { demo, client } = await start();
    const connection = await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
    const source: DataSourceRef = { connectionId: connection.id, dataModel: 'users' };
    const run = await client.startImport(source);
    await until(client, () => client.getState().runs.find((r) => r.id === run.id)?.status === 'succeeded');
    let receiver = await receiverOf(demo)();
    expect(receiver.records).toHaveLength(relayCrm.userCount);
    expect(receiver.records[0]?.data).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String), email: expect.any(String) }));

    // The user pastes the new secret into the app's webhook settings.
    const { secret } = await client.rotateWebhookSecret(connection.id);
    const registered = await post(demo, '/demo/relay/webhook', { connectionId: connection.id, secret });
    expect(await registered.json()).toEqual({ url: `${demo.url}/tributary/webhooks/${connection.id}` });

    const changed = (await (await post(demo, '/demo/relay/change', { type: 'update' })).json()) as { id: string };
    const title = demo.relay.users.get(changed.id)?.job_title;
    receiver = await eventually(receiverOf(demo), (state) => state.records.some((r) => r.id === changed.id && r.data.title === title));
    expect(receiver.recent[0]).toMatchObject({ id: changed.id, op: 'upsert' });
    await until(client, () => client.getState().runs.some((r) => r.kind === 'flow' && r.status === 'succeeded'));

    const deleted = (await (await post(demo, '/demo/relay/change', { type: 'delete', id: changed.id })).json()) as { id: string };
    receiver = await eventually(receiverOf(demo), (state) => !state.records.some((r) => r.id === deleted.id));
    expect(receiver.records).toHaveLength(relayCrm.userCount - 1);

    // A delivery with a bad signature is refused at the intake and nothing is enqueued.
    const runsBefore = (await client.getFlow(source)).queueDepth;
    const forged = await fetch(demo.webhookUrl(connection.id), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-relay-timestamp': String(Math.floor(Date.now() / 1000)), 'x-relay-signature': `v1=${'0'.repeat(64)}` },
      body: JSON.stringify([demo.relay.webhooks.eventFor('user', { type: 'deleted', id: receiver.records[0]!.id, record: {}, at: Date.now() })]),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { class: 'auth' } });
    expect((await client.getFlow(source)).queueDepth).toBe(runsBefore);
    const flowRuns = client.getState().runs.filter((r) => r.kind === 'flow').length;

    // A restart on the same data folder: the connection, its secret and the app's webhook registration hold.
    await cleanups.splice(1).reverse().reduce<Promise<unknown>>((previous, cleanup) => previous.then(cleanup), Promise.resolve());
    ({ demo, client } = await start());
    expect(client.getState().connections.map((c) => c.id)).toEqual([connection.id]);
    expect(client.getState().runs.filter((r) => r.kind === 'flow')).toHaveLength(flowRuns);
    const created = (await (await post(demo, '/demo/relay/change', { type: 'create' })).json()) as { id: string };
    receiver = await eventually(receiverOf(demo), (state) => state.records.some((r) => r.id === created.id));
    expect(receiver.records.find((r) => r.id === created.id)?.data).toMatchObject({ email: demo.relay.users.get(created.id)?.email });
  });
});

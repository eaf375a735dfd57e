import { describe, expect, it } from 'vitest';
import { createClient, TributaryError } from '../../src/client/index.ts';
import { connectors, relayCrm } from '../../mocks/index.ts';
import { setup } from '../engine/helpers.ts';

function until(client: ReturnType<typeof createClient>, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const off = client.subscribe(() => {
      if (check()) {
        off();
        resolve();
      }
    });
  });
}

describe('the in-process client', () => {
  it('loads apps on first subscribe and keeps connections and runs live from engine events', async () => {
    const { engine } = setup();
    const client = createClient({ engine });
    expect(client.getState().status).toBe('idle');
    const seen: string[] = [];
    client.subscribe(() => seen.push(client.getState().status));
    await client.start();
    expect(client.getState().apps.map((app) => app.id)).toEqual(connectors.map((connector) => connector.id));

    const connection = await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
    expect(client.getState().connections).toEqual([connection]);

    const run = await client.startImport({ connectionId: connection.id, dataModel: 'users' });
    await until(client, () => client.getState().runs[0]?.status === 'succeeded');
    const [done] = client.getState().runs;
    expect(done?.id).toBe(run.id);
    expect(done?.counters.delivered).toBe(relayCrm.userCount);
    expect(seen[0]).toBe('loading');
    expect(seen).toContain('ready');
  });

  it('keeps state immutable: a change makes a new state and leaves untouched parts as they were', async () => {
    const { engine } = setup();
    const client = createClient({ engine });
    await client.start();
    const before = client.getState();
    await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
    const after = client.getState();
    expect(after).not.toBe(before);
    expect(after.apps).toBe(before.apps);
    expect(before.connections).toEqual([]);
  });

  it('hands back typed errors from commands', async () => {
    const { engine } = setup();
    const client = createClient({ engine });
    const error = await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: 'bad' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error).toMatchObject({ class: 'auth', code: 'auth.invalid-credentials' });
  });

  it('caches one resource per key, loads it on subscribe, and updates it when a mapping is saved', async () => {
    const { engine } = setup();
    const client = createClient({ engine });
    const connection = await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
    const ref = { connectionId: connection.id, dataModel: 'users' };
    const resource = client.fieldMapping(ref);
    expect(client.fieldMapping({ ...ref })).toBe(resource);
    expect(resource.getSnapshot().status).toBe('idle');
    const off = resource.subscribe(() => {});
    expect(resource.getSnapshot().status).toBe('loading');
    await resource.refresh();
    expect(resource.getSnapshot()).toMatchObject({ status: 'success', data: { isDefault: true } });

    // Saved through another ref that resolves to the same collection.
    const mapping = { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } };
    await client.saveFieldMapping({ connectionId: connection.id, collection: 'users' }, mapping);
    expect(resource.getSnapshot()).toMatchObject({ status: 'success', data: { isDefault: false, mapping } });
    off();
  });

  it('puts a failed load in the resource snapshot as a typed error', async () => {
    const { engine } = setup();
    const client = createClient({ engine });
    const resource = client.collections('missing');
    await expect(resource.refresh()).rejects.toBeInstanceOf(TributaryError);
    expect(resource.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'connection.not-found' } });
  });
});

describe('resources on a page with nothing else of the client', () => {
  it('given a mapping saved by another client, updates a mapping resource that was only subscribed', async () => {
    const { engine } = setup();
    const editor = createClient({ engine });
    const other = createClient({ engine });
    const connection = await other.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
    const ref = { connectionId: connection.id, dataModel: 'users' };
    const resource = editor.fieldMapping(ref);
    resource.subscribe(() => {});
    await resource.refresh();
    const mapping = { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } };
    await other.saveFieldMapping(ref, mapping);
    expect(resource.getSnapshot().data).toMatchObject({ isDefault: false, mapping });
  });
});

describe('run actions through the client', () => {
  it('resumes a failed run, starts it over, and lists and replays its dead letters, keeping the run list live', async () => {
    let down = true;
    const { engine } = setup({
      retry: { maxAttempts: 1 },
      destination: async (batch) => {
        if (down && batch.records[0]?.id === 'usr_0051') throw new TributaryError({ code: 'receiver.down', class: 'transient', message: 'down' });
      },
    });
    const client = createClient({ engine });
    await client.start();
    const connection = await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
    const run = await client.startImport({ connectionId: connection.id, collection: 'users' });
    await until(client, () => client.getState().runs[0]?.status === 'succeeded');

    const [letter] = await client.listDeadLetters(run.id);
    expect(letter?.records).toHaveLength(50);
    down = false;
    const replayed = await client.replayDeadLetters(run.id);
    expect(replayed.counters).toMatchObject({ delivered: relayCrm.userCount, deadLettered: 0 });
    expect(client.getState().runs[0]?.counters.deadLettered).toBe(0);

    await expect(client.resumeRun(run.id)).rejects.toMatchObject({ code: 'run.already-succeeded' });
    const restarted = await client.restartRun(run.id);
    expect(restarted.status).toBe('queued');
    await until(client, () => client.getState().runs[0]?.status === 'succeeded' && (client.getState().runs[0]?.revision ?? 0) > restarted.revision);
    expect(client.getState().runs).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { relayCrm, relayCrmHandlers } from '../../mocks/index.ts';
import { TributaryError, type TributaryClient } from '../../src/client/index.ts';
import type { Destination, RetryPolicy } from '../../src/engine/index.ts';
import { createReceiver } from '../engine/helpers.ts';
import { server } from '../setup/msw.ts';

export interface ContractOptions {
  /** @default a receiver that accepts everything */
  destination?: Destination;
  retry?: Partial<RetryPolicy>;
}

/** One engine (one tenant) and a way to make clients of it, whatever the transport. */
export interface ContractSetup {
  /** A new client of the same engine, as another tab or component tree would hold. */
  client(): TributaryClient;
  dispose(): Promise<void>;
}

export type MakeSetup = (options: ContractOptions) => Promise<ContractSetup>;

/** Resolves once `check` holds for the client's state, subscribing (and so starting) it if need be. */
export function until(client: TributaryClient, check: () => boolean): Promise<void> {
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

const key = { appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } } as const;

/**
 * The client's behaviour, the same whichever transport carries it: every
 * transport runs this suite, so the HTTP client has exactly the in-process API.
 */
export function describeClientContract(name: string, makeSetup: MakeSetup): void {
  describe(`the client (${name})`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function setup(options: ContractOptions = {}) {
      const made = await makeSetup(options);
      cleanups.push(() => made.dispose());
      return {
        client() {
          const client = made.client();
          cleanups.push(() => client.close());
          return client;
        },
      };
    }

    describe('commands and state', () => {
      it('loads apps on first subscribe and keeps connections and runs live from engine events', async () => {
        const receiver = createReceiver();
        const client = (await setup({ destination: receiver.destination })).client();
        expect(client.getState().status).toBe('idle');
        const seen: string[] = [];
        client.subscribe(() => seen.push(client.getState().status));
        await client.start();
        expect(client.getState().apps.map((app) => app.id)).toContain(relayCrm.appId);

        const connection = await client.connect(key);
        expect(client.getState().connections).toEqual([connection]);

        const run = await client.startImport({ connectionId: connection.id, dataModel: 'users' });
        await until(client, () => client.getState().runs[0]?.status === 'succeeded');
        const [done] = client.getState().runs;
        expect(done?.id).toBe(run.id);
        expect(done?.counters.delivered).toBe(relayCrm.userCount);
        expect(receiver.records).toHaveLength(relayCrm.userCount);
        expect(seen[0]).toBe('loading');
        expect(seen).toContain('ready');
      });

      it('keeps state immutable: a change makes a new state and leaves untouched parts as they were', async () => {
        const client = (await setup()).client();
        await client.start();
        const before = client.getState();
        await client.connect(key);
        const after = client.getState();
        expect(after).not.toBe(before);
        expect(after.apps).toBe(before.apps);
        expect(before.connections).toEqual([]);
      });

      it('shows a connection made and removed by another client of the same engine', async () => {
        const made = await setup();
        const watcher = made.client();
        const actor = made.client();
        await watcher.start();
        const connection = await actor.connect(key);
        await until(watcher, () => watcher.getState().connections.some((c) => c.id === connection.id));
        await actor.disconnect(connection.id);
        expect(actor.getState().connections).toEqual([]);
        await until(watcher, () => watcher.getState().connections.length === 0);
      });

      it('given a closed client, stops following the engine', async () => {
        const made = await setup();
        const closed = made.client();
        const watcher = made.client();
        await Promise.all([closed.start(), watcher.start()]);
        closed.close();
        const connection = await made.client().connect(key);
        await until(watcher, () => watcher.getState().connections.some((c) => c.id === connection.id));
        expect(closed.getState().connections).toEqual([]);
      });
    });

    describe('typed errors', () => {
      it('hands back an app rejecting the credentials as a TributaryError with its code, class, message and status', async () => {
        const client = (await setup()).client();
        const error = await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: 'bad' } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TributaryError);
        expect(error).toMatchObject({ class: 'auth', code: 'auth.invalid-credentials', status: 401, retryable: false });
        expect((error as TributaryError).message).toMatch(/Relay CRM rejected the credentials \(HTTP 401\): Invalid API key\./);
      });

      it('hands back validation problems with their paths', async () => {
        const client = (await setup()).client();
        const error = await client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: ' ' } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TributaryError);
        expect(error).toMatchObject({ class: 'config', code: 'credentials.invalid', issues: [{ path: 'credentials.apiKey', message: 'is required' }] });
        const mapping = await client.connect(key).then((connection) =>
          client.saveFieldMapping({ connectionId: connection.id, dataModel: 'users' }, { fields: { id: { path: 'id' } } }).catch((e: unknown) => e),
        );
        expect(mapping).toBeInstanceOf(TributaryError);
        expect(mapping).toMatchObject({ code: 'mapping.invalid', class: 'config' });
        expect((mapping as TributaryError).issues?.length).toBeGreaterThan(0);
      });

      it('hands back unknown ids as not-found errors', async () => {
        const client = (await setup()).client();
        await expect(client.cancelRun('missing')).rejects.toMatchObject({ code: 'run.not-found', class: 'config' });
        await expect(client.resumeRun('missing')).rejects.toBeInstanceOf(TributaryError);
        await expect(client.disconnect('missing')).rejects.toMatchObject({ code: 'connection.not-found' });
        await expect(client.startImport({ connectionId: 'missing', dataModel: 'users' })).rejects.toMatchObject({ code: 'connection.not-found' });
      });
    });

    describe('resources', () => {
      it('caches one resource per key, loads it on subscribe, and updates it when a mapping is saved', async () => {
        const client = (await setup()).client();
        const connection = await client.connect(key);
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
        const client = (await setup()).client();
        const resource = client.collections('missing');
        await expect(resource.refresh()).rejects.toBeInstanceOf(TributaryError);
        expect(resource.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'connection.not-found' } });
        expect(resource.getSnapshot().error).toBeInstanceOf(TributaryError);
      });

      it('lists a connection\'s collections and data models', async () => {
        const client = (await setup()).client();
        const connection = await client.connect(key);
        const listing = await client.collections(connection.id).refresh();
        expect(listing.collections.map((collection) => collection.key)).toEqual(['users', 'contacts']);
        expect(listing.dataModels).toContainEqual(expect.objectContaining({ key: 'users', collection: 'users' }));
      });

      it('given a mapping saved by another client, updates a mapping resource that was only subscribed', async () => {
        const made = await setup();
        const editor = made.client();
        const other = made.client();
        const connection = await other.connect(key);
        const ref = { connectionId: connection.id, dataModel: 'users' };
        const resource = editor.fieldMapping(ref);
        resource.subscribe(() => {});
        await resource.refresh();
        // The editor's client listens from its first load on; wait until it does.
        await until(editor, () => editor.getState().status === 'ready');
        const mapping = { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } };
        await other.saveFieldMapping(ref, mapping);
        await new Promise<void>((resolve) => {
          const check = () => {
            if (resource.getSnapshot().data?.isDefault === false) resolve();
          };
          resource.subscribe(check);
          check();
        });
        expect(resource.getSnapshot().data).toMatchObject({ isDefault: false, mapping });
      });
    });

    describe('run actions', () => {
      it('resumes a failed run, starts it over, and lists and replays its dead letters, keeping the run list live', async () => {
        let down = true;
        const receiver = createReceiver();
        const made = await setup({
          retry: { maxAttempts: 1 },
          destination: async (batch) => {
            if (down && batch.records[0]?.id === 'usr_0051') throw new TributaryError({ code: 'receiver.down', class: 'transient', message: 'down' });
            await receiver.destination(batch);
          },
        });
        const client = made.client();
        await client.start();
        const connection = await client.connect(key);
        const run = await client.startImport({ connectionId: connection.id, collection: 'users' });
        await until(client, () => client.getState().runs[0]?.status === 'succeeded');

        const [letter] = await client.listDeadLetters(run.id);
        expect(letter?.records).toHaveLength(50);
        down = false;
        const replayed = await client.replayDeadLetters(run.id);
        expect(replayed.counters).toMatchObject({ delivered: relayCrm.userCount, deadLettered: 0 });
        expect(client.getState().runs[0]?.counters.deadLettered).toBe(0);
        expect(await client.listDeadLetters(run.id)).toEqual([]);

        await expect(client.resumeRun(run.id)).rejects.toMatchObject({ code: 'run.already-succeeded' });
        const restarted = await client.restartRun(run.id);
        expect(restarted.status).toBe('queued');
        await until(client, () => client.getState().runs[0]?.status === 'succeeded' && (client.getState().runs[0]?.revision ?? 0) > restarted.revision);
        expect(client.getState().runs).toHaveLength(1);
        expect(new Set(receiver.records.map((record) => record.id)).size).toBe(relayCrm.userCount);
      });

      it('shows a data source\'s flow, which waits for the full import, and hands out its webhook secret once', async () => {
        const client = (await setup()).client();
        await client.start();
        const connection = await client.connect(key);
        const users = { connectionId: connection.id, collection: 'users' };
        expect(await client.getFlow(users)).toMatchObject({ source: 'webhook', status: 'inactive', webhook: { secret: 'generated', ready: false } });

        const { secret } = await client.rotateWebhookSecret(connection.id);
        expect(secret).toMatch(/^[0-9a-f]{32,}$/);
        expect((await client.getFlow(users)).webhook?.ready).toBe(true);
        // Shown once: nothing the client can read afterwards carries it.
        expect(JSON.stringify(client.getState())).not.toContain(secret);

        await client.startImport(users);
        await until(client, () => client.getState().runs[0]?.status === 'succeeded');
        expect(await client.getFlow(users)).toMatchObject({ status: 'active', queueDepth: 0 });
        await expect(client.retryFlowRun('missing')).rejects.toMatchObject({ code: 'run.not-found' });
      });

      it('given an import that failed on page 3, resumes it from its checkpoint to deliver every record', async () => {
        server.use(...relayCrmHandlers({ failPage: { page: 3, status: 500 } }));
        const receiver = createReceiver();
        const client = (await setup({ destination: receiver.destination, retry: { maxAttempts: 1 } })).client();
        await client.start();
        const connection = await client.connect(key);
        const run = await client.startImport({ connectionId: connection.id, collection: 'users' });
        await until(client, () => client.getState().runs[0]?.status === 'failed');
        const failed = client.getState().runs[0];
        expect(failed?.error).toMatchObject({ code: 'source.unavailable', class: 'transient', status: 500 });
        const deliveredBefore = receiver.records.length;
        expect(deliveredBefore).toBeGreaterThan(0);
        expect(deliveredBefore).toBeLessThan(relayCrm.userCount);

        server.use(...relayCrmHandlers());
        const resumed = await client.resumeRun(run.id);
        expect(resumed.id).toBe(run.id);
        await until(client, () => client.getState().runs[0]?.status === 'succeeded');
        expect(client.getState().runs[0]?.counters.delivered).toBe(relayCrm.userCount);
        // Nothing before the checkpoint is fetched and delivered again.
        expect(receiver.records).toHaveLength(relayCrm.userCount);
      });

      it('cancels a running import', async () => {
        server.use(...relayCrmHandlers({ faults: { latencyMs: 40 } }));
        const client = (await setup()).client();
        await client.start();
        const connection = await client.connect(key);
        const run = await client.startImport({ connectionId: connection.id, collection: 'users' });
        await until(client, () => client.getState().runs[0]?.status === 'running');
        const cancelled = await client.cancelRun(run.id);
        expect(cancelled.status).toBe('cancelled');
        await until(client, () => client.getState().runs[0]?.status === 'cancelled');
        expect(client.getState().runs[0]?.counters.delivered).toBeLessThan(relayCrm.userCount);
      });
    });

    describe('mapping suggestions and preview', () => {
      it('suggests sources for the fields a mapping leaves unmapped, reading value shapes from real records', async () => {
        const client = (await setup()).client();
        const connection = await client.connect(key);
        const ref = { connectionId: connection.id, dataModel: 'users' };
        const result = await client.suggestMapping(ref, { fields: { id: { path: 'id' }, name: { path: 'email' } } });

        expect(result.sampled).toBeGreaterThan(0);
        expect(result.suggestions.map((suggestion) => suggestion.field)).toEqual(['email', 'title', 'createdAt']);
        const email = result.suggestions.find((suggestion) => suggestion.field === 'email')?.candidates[0];
        expect(email).toMatchObject({ path: 'email', reasons: expect.arrayContaining(['values look like emails', 'already mapped to "name"']) });
        // `email` is already read by `name`, so it is offered but not pre-filled a second time.
        expect(result.prefilled.fields).toEqual({ id: { path: 'id' }, name: { path: 'email' }, title: { path: 'job_title' }, createdAt: { path: 'created_at' } });

        // Without a mapping, the current one (the app's default) is the starting point: nothing is left to suggest.
        expect((await client.suggestMapping(ref)).suggestions).toEqual([]);
      });

      it('previews a mapping on the first page of real records, and hands back an invalid one\'s issues without rows', async () => {
        const client = (await setup()).client();
        const connection = await client.connect(key);
        const ref = { connectionId: connection.id, collection: 'users' };
        const preview = await client.previewMapping(ref, { fields: { id: { path: 'id' }, name: { template: '{{first_name}} {{last_name}}' }, email: { path: 'email' }, title: { path: 'missing' } } }, 3);
        expect(preview.issues).toEqual([]);
        expect(preview.rows.map((row) => row.recordId)).toEqual(['usr_0001', 'usr_0002', 'usr_0003']);
        const [first] = preview.rows;
        const input = first?.input as { first_name: string; last_name: string; email: string };
        expect(first?.output).toEqual({ id: 'usr_0001', name: `${input.first_name} ${input.last_name}`, email: input.email });
        expect(first?.errors).toEqual([]);
        // The default mapping and the default limit.
        expect((await client.previewMapping(ref)).rows).toHaveLength(5);

        const invalid = await client.previewMapping(ref, { fields: { id: { path: 'id' }, email: { path: '' } } });
        expect(invalid.rows).toEqual([]);
        expect(invalid.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['mapping.fields.email.path', 'mapping.fields.name']));
      });

      it('hands back an unknown connection as a typed not-found error from both', async () => {
        const client = (await setup()).client();
        await expect(client.suggestMapping({ connectionId: 'missing', dataModel: 'users' })).rejects.toMatchObject({ code: 'connection.not-found', class: 'config' });
        const error = await client.previewMapping({ connectionId: 'missing', dataModel: 'users' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TributaryError);
        expect(error).toMatchObject({ code: 'connection.not-found' });
      });
    });

    describe('reconnecting and sampling', () => {
      it('reconnects a connection in place with new credentials: same id, connected again, its mapping and runs kept', async () => {
        const client = (await setup()).client();
        const connection = await client.connect(key);
        const ref = { connectionId: connection.id, dataModel: 'users' };
        const saved = await client.saveFieldMapping(ref, { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } });
        const run = await client.startImport(ref);
        await until(client, () => client.getState().runs.find((r) => r.id === run.id)?.status === 'succeeded');

        // A wrong key is refused by the app and changes nothing.
        const wrong = await client.reconnect(connection.id, { type: 'api-key', apiKey: 'not-the-key' }).catch((e: unknown) => e);
        expect(wrong).toBeInstanceOf(TributaryError);
        expect(wrong).toMatchObject({ class: 'auth' });
        const again = await client.reconnect(connection.id, key.credentials);
        expect(again).toMatchObject({ id: connection.id, status: 'connected', createdAt: connection.createdAt });
        expect(client.getState().connections).toEqual([again]);
        expect((await client.fieldMapping(ref).refresh()).mapping).toEqual(saved.mapping);
        expect(client.getState().runs.map((r) => r.id)).toContain(run.id);
        await expect(client.reconnect('missing', key.credentials)).rejects.toMatchObject({ code: 'connection.not-found' });
      });

      it('samples a few records of a collection as the app returns them', async () => {
        const client = (await setup()).client();
        const connection = await client.connect(key);
        const sample = await client.sampleRecords(connection.id, 'users', 3);
        expect(sample.collection).toBe('users');
        expect(sample.records.map((record) => (record as { id: string }).id)).toEqual(['usr_0001', 'usr_0002', 'usr_0003']);
        expect(sample.records[0]).toEqual(expect.objectContaining({ email: expect.any(String), first_name: expect.any(String) }));
        expect((await client.sampleRecords(connection.id, 'users')).records).toHaveLength(5);
        await expect(client.sampleRecords(connection.id, 'nope')).rejects.toBeInstanceOf(TributaryError);
      });
    });
  });
}

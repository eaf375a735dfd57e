import { beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint, Connection, Credentials, DeadLetter, OAuthSession, RunSnapshot, Store, StoredMapping } from '../../src/engine/index.ts';

type QueuedEvent = Parameters<Store['enqueueEvents']>[0][number];
type RecordVersion = Parameters<Store['putRecordVersions']>[0][number];
type FlowState = Parameters<Store['putFlowState']>[0];

export const fixtures = {
  connection(id: string, overrides: Partial<Connection> = {}): Connection {
    return { id, appId: 'relay-crm', appName: 'Relay CRM', status: 'connected', createdAt: 1_000, updatedAt: 1_000, ...overrides };
  },
  credentials(apiKey = 'key-1'): Credentials {
    return { type: 'api-key', apiKey };
  },
  mapping(connectionId: string, collection: string, overrides: Partial<StoredMapping> = {}): StoredMapping {
    return { connectionId, collection, mapping: { fields: { id: { path: 'id' }, name: { template: '{{first}} {{last}}' } } }, updatedAt: 2_000, ...overrides };
  },
  run(id: string, overrides: Partial<RunSnapshot> = {}): RunSnapshot {
    return {
      id,
      revision: 1,
      kind: 'import',
      dataSource: { connectionId: 'c1', collection: 'users', dataModel: 'users' },
      status: 'running',
      createdAt: 3_000,
      startedAt: 3_001,
      counters: { pages: 2, fetched: 100, delivered: 100, skipped: 1, retries: 0, bytes: 4_096, deadLettered: 0 },
      skipped: [{ recordId: 'r9', reason: 'email is required', errors: [{ field: 'email', message: 'is required' }] }],
      log: [{ at: 3_001, level: 'info', message: 'Importing Users.' }],
      ...overrides,
    };
  },
  checkpoint(runId: string, overrides: Partial<Checkpoint> = {}): Checkpoint {
    return {
      runId,
      next: { page: 3, seen: 100, cursor: 'abc' },
      counters: { pages: 2, fetched: 100, delivered: 100, skipped: 0, retries: 0, bytes: 4_096, deadLettered: 0 },
      skipped: [],
      updatedAt: 4_000,
      ...overrides,
    };
  },
  deadLetter(id: string, runId: string, overrides: Partial<DeadLetter> = {}): DeadLetter {
    return {
      id,
      runId,
      dataSource: { connectionId: 'c1', collection: 'users' },
      records: [{ id: 'r1', op: 'upsert', idempotencyKey: 'c1:users:r1:u1', data: { id: 'r1', tags: ['a'] } }],
      error: { code: 'destination.rejected', class: 'destination', message: 'The receiver answered 503.', status: 503 },
      attempts: 5,
      createdAt: 5_000,
      ...overrides,
    };
  },
  event(id: string, overrides: Partial<QueuedEvent> = {}): QueuedEvent {
    return { id, connectionId: 'c1', collection: 'users', type: 'record-updated', recordId: 'r1', version: 7, record: { id: 'r1', name: 'Ada' }, origin: 'webhook', runId: `flow-${id}`, receivedAt: 6_000, ...overrides };
  },
  version(recordId: string, overrides: Partial<RecordVersion> = {}): RecordVersion {
    return { connectionId: 'c1', collection: 'users', recordId, version: 'u1700000000000', rank: 1_700_000_000_000, deleted: false, updatedAt: 7_000, ...overrides };
  },
  flowState(connectionId: string, collection: string, overrides: Partial<FlowState> = {}): FlowState {
    return { connectionId, collection, source: 'polling', status: 'active', importStartedAt: 8_000, pollCursor: 8_000, updatedAt: 8_001, ...overrides };
  },
};

const ids = (items: { id: string }[]) => items.map((item) => item.id);

/**
 * The behaviour every Store must have, as the memory store defines it: what
 * each method returns, which keys it is addressed by, what a delete takes with
 * it, and that values are copied on the way in and out.
 */
export function describeStoreContract(name: string, makeStore: () => Store | Promise<Store>): void {
  describe(`${name}: the Store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });

    describe('connections', () => {
      it('given nothing stored, lists none and finds none', async () => {
        expect(await store.listConnections()).toEqual([]);
        expect(await store.getConnection('c1')).toBeUndefined();
      });

      it('returns a stored connection as it was put, and lists connections in the order first written', async () => {
        await store.putConnection(fixtures.connection('c2'));
        await store.putConnection(fixtures.connection('c1', { status: 'error', error: { code: 'auth.rejected', class: 'auth', message: 'no', status: 401 } }));
        expect(await store.getConnection('c1')).toEqual(fixtures.connection('c1', { status: 'error', error: { code: 'auth.rejected', class: 'auth', message: 'no', status: 401 } }));
        expect(ids(await store.listConnections())).toEqual(['c2', 'c1']);
      });

      it('when a connection is put again, replaces it in place', async () => {
        await store.putConnection(fixtures.connection('c1'));
        await store.putConnection(fixtures.connection('c2'));
        await store.putConnection(fixtures.connection('c1', { status: 'needs-reauth', updatedAt: 9_000 }));
        expect(await store.getConnection('c1')).toMatchObject({ status: 'needs-reauth', updatedAt: 9_000 });
        expect(await store.listConnections()).toEqual([fixtures.connection('c1', { status: 'needs-reauth', updatedAt: 9_000 }), fixtures.connection('c2')]);
      });

      it('when a connection is deleted and put again, lists it last', async () => {
        await store.putConnection(fixtures.connection('c1'));
        await store.putConnection(fixtures.connection('c2'));
        await store.deleteConnection('c1');
        await store.putConnection(fixtures.connection('c1'));
        expect(ids(await store.listConnections())).toEqual(['c2', 'c1']);
      });

      it('deleting a connection nobody stored changes nothing', async () => {
        await store.putConnection(fixtures.connection('c1'));
        await store.deleteConnection('nope');
        expect(ids(await store.listConnections())).toEqual(['c1']);
      });

      it('copies on the way in and out: mutating a passed or returned connection never changes what is stored', async () => {
        const passed = fixtures.connection('c1', { error: { code: 'x', class: 'internal', message: 'm' } });
        await store.putConnection(passed);
        passed.status = 'disconnected';
        passed.error!.message = 'changed';
        const got = await store.getConnection('c1');
        got!.appName = 'changed';
        got!.error!.code = 'changed';
        const [listed] = await store.listConnections();
        listed!.status = 'error';
        expect(await store.getConnection('c1')).toEqual(fixtures.connection('c1', { error: { code: 'x', class: 'internal', message: 'm' } }));
      });
    });

    describe('credentials', () => {
      it('given none stored, finds none', async () => {
        expect(await store.getCredentials('c1')).toBeUndefined();
      });

      it('keeps each kind of credentials per connection, apart from the connection itself', async () => {
        const basic: Credentials = { type: 'basic', username: 'ada', password: 'pw-1' };
        const oauth: Credentials = { type: 'oauth2', accessToken: 'at', refreshToken: 'rt', expiresAt: 99 };
        await store.putConnection(fixtures.connection('c1'));
        await store.putCredentials('c1', fixtures.credentials());
        await store.putCredentials('c2', basic);
        await store.putCredentials('c3', oauth);
        expect(await store.getCredentials('c1')).toEqual(fixtures.credentials());
        expect(await store.getCredentials('c2')).toEqual(basic);
        expect(await store.getCredentials('c3')).toEqual(oauth);
        expect(JSON.stringify(await store.getConnection('c1'))).not.toContain('key-1');
        expect(JSON.stringify(await store.listConnections())).not.toContain('key-1');
      });

      it('when credentials are put again, replaces them', async () => {
        await store.putCredentials('c1', fixtures.credentials('old'));
        await store.putCredentials('c1', fixtures.credentials('new'));
        expect(await store.getCredentials('c1')).toEqual(fixtures.credentials('new'));
      });

      it('copies on the way in and out', async () => {
        const passed = { type: 'api-key', apiKey: 'k' } as { type: 'api-key'; apiKey: string };
        await store.putCredentials('c1', passed);
        passed.apiKey = 'changed';
        const got = (await store.getCredentials('c1')) as { apiKey: string };
        got.apiKey = 'changed too';
        expect(await store.getCredentials('c1')).toEqual({ type: 'api-key', apiKey: 'k' });
      });
    });

    describe('field mappings', () => {
      it('given none stored, finds none', async () => {
        expect(await store.getMapping('c1', 'users')).toBeUndefined();
      });

      it('keys a mapping by connection and collection together', async () => {
        await store.putMapping(fixtures.mapping('c1', 'users'));
        await store.putMapping(fixtures.mapping('c1', 'contacts', { updatedAt: 1 }));
        await store.putMapping(fixtures.mapping('c2', 'users', { updatedAt: 2 }));
        expect(await store.getMapping('c1', 'users')).toEqual(fixtures.mapping('c1', 'users'));
        expect(await store.getMapping('c1', 'contacts')).toEqual(fixtures.mapping('c1', 'contacts', { updatedAt: 1 }));
        expect(await store.getMapping('c2', 'users')).toEqual(fixtures.mapping('c2', 'users', { updatedAt: 2 }));
        expect(await store.getMapping('c2', 'contacts')).toBeUndefined();
      });

      it('when a mapping is put again, replaces it', async () => {
        await store.putMapping(fixtures.mapping('c1', 'users'));
        await store.putMapping(fixtures.mapping('c1', 'users', { mapping: { fields: { id: { constant: 'x' } } }, updatedAt: 3 }));
        expect(await store.getMapping('c1', 'users')).toEqual(fixtures.mapping('c1', 'users', { mapping: { fields: { id: { constant: 'x' } } }, updatedAt: 3 }));
      });

      it('copies on the way in and out', async () => {
        const passed = fixtures.mapping('c1', 'users');
        await store.putMapping(passed);
        passed.mapping.fields.id = { constant: 'changed' };
        const got = await store.getMapping('c1', 'users');
        got!.mapping.fields.name = { constant: 'changed' };
        expect(await store.getMapping('c1', 'users')).toEqual(fixtures.mapping('c1', 'users'));
      });
    });

    describe('deleting a connection', () => {
      it('takes its credentials, mappings and flow data with it, and leaves runs, checkpoints, dead letters and other connections alone', async () => {
        for (const id of ['c1', 'c2']) {
          await store.putConnection(fixtures.connection(id));
          await store.putCredentials(id, fixtures.credentials(`key-${id}`));
          await store.putMapping(fixtures.mapping(id, 'users'));
          await store.putMapping(fixtures.mapping(id, 'contacts'));
          await store.enqueueEvents([fixtures.event(`e-${id}-1`, { connectionId: id }), fixtures.event(`e-${id}-2`, { connectionId: id, collection: 'contacts' })]);
          await store.putRecordVersions([fixtures.version('r1', { connectionId: id }), fixtures.version('r2', { connectionId: id, collection: 'contacts' })]);
          await store.putFlowState(fixtures.flowState(id, 'users'));
          await store.putSeenEventIds(id, [`s-${id}`], 10, 0);
          await store.putWebhookSecret(id, `whsec-${id}`);
        }
        await store.putRun(fixtures.run('run-1', { dataSource: { connectionId: 'c1', collection: 'users' } }));
        await store.putCheckpoint(fixtures.checkpoint('run-1'));
        await store.putDeadLetter(fixtures.deadLetter('dl-1', 'run-1'));

        await store.deleteConnection('c1');

        expect(await store.getConnection('c1')).toBeUndefined();
        expect(await store.getCredentials('c1')).toBeUndefined();
        expect(await store.getMapping('c1', 'users')).toBeUndefined();
        expect(await store.getMapping('c1', 'contacts')).toBeUndefined();
        expect(await store.countQueuedEvents('c1', 'users')).toBe(0);
        expect(await store.countQueuedEvents('c1', 'contacts')).toBe(0);
        expect(await store.listRecordVersions('c1', 'users')).toEqual([]);
        expect(await store.listRecordVersions('c1', 'contacts')).toEqual([]);
        expect(await store.getFlowState('c1', 'users')).toBeUndefined();
        expect(await store.getSeenEventIds('c1', ['s-c1'])).toEqual([]);
        expect(await store.getWebhookSecret('c1')).toBeUndefined();

        expect(await store.getRun('run-1')).toBeDefined();
        expect(await store.getCheckpoint('run-1')).toBeDefined();
        expect(ids(await store.listDeadLetters())).toEqual(['dl-1']);

        expect(ids(await store.listConnections())).toEqual(['c2']);
        expect(await store.getCredentials('c2')).toEqual(fixtures.credentials('key-c2'));
        expect(await store.getMapping('c2', 'users')).toBeDefined();
        expect(await store.getMapping('c2', 'contacts')).toBeDefined();
        expect(await store.countQueuedEvents('c2', 'users')).toBe(1);
        expect(await store.countQueuedEvents('c2', 'contacts')).toBe(1);
        expect(await store.listRecordVersions('c2', 'contacts')).toHaveLength(1);
        expect(await store.listFlowStates()).toEqual([fixtures.flowState('c2', 'users')]);
        expect(await store.getSeenEventIds('c2', ['s-c2'])).toEqual(['s-c2']);
        expect(await store.getWebhookSecret('c2')).toBe('whsec-c2');
      });

      it('forgets its queued events for good: an ack of one of them afterwards is ignored and a new event with that id queues again', async () => {
        await store.enqueueEvents([fixtures.event('e1')]);
        await store.deleteConnection('c1');
        await store.ackEvents(['e1']);
        await store.enqueueEvents([fixtures.event('e1', { recordId: 'r2' })]);
        expect(await store.listQueuedEvents('c1', 'users', 10)).toEqual([fixtures.event('e1', { recordId: 'r2' })]);
      });
    });

    describe('runs', () => {
      it('given none stored, lists none and finds none', async () => {
        expect(await store.listRuns()).toEqual([]);
        expect(await store.getRun('run-1')).toBeUndefined();
      });

      it('returns a run as it was put, optional parts included, and lists runs in the order first written', async () => {
        const failed = fixtures.run('run-2', { status: 'failed', finishedAt: 3_500, resumesAt: 3_400, error: { code: 'http.timeout', class: 'transient', message: 'timed out', retryAfterMs: 10 } });
        await store.putRun(fixtures.run('run-1'));
        await store.putRun(failed);
        expect(await store.getRun('run-2')).toEqual(failed);
        expect(await store.listRuns()).toEqual([fixtures.run('run-1'), failed]);
      });

      it('when a run is put again, replaces it in place', async () => {
        await store.putRun(fixtures.run('run-1'));
        await store.putRun(fixtures.run('run-2'));
        await store.putRun(fixtures.run('run-1', { revision: 5, status: 'succeeded', finishedAt: 3_900 }));
        expect(await store.getRun('run-1')).toEqual(fixtures.run('run-1', { revision: 5, status: 'succeeded', finishedAt: 3_900 }));
        expect((await store.listRuns()).map((run) => [run.id, run.status])).toEqual([
          ['run-1', 'succeeded'],
          ['run-2', 'running'],
        ]);
      });

      it('copies on the way in and out', async () => {
        const passed = fixtures.run('run-1');
        await store.putRun(passed);
        passed.counters.delivered = -1;
        passed.log.push({ at: 0, level: 'error', message: 'changed' });
        const got = await store.getRun('run-1');
        got!.skipped[0]!.reason = 'changed';
        got!.dataSource.collection = 'changed';
        const [listed] = await store.listRuns();
        listed!.counters.pages = -1;
        expect(await store.getRun('run-1')).toEqual(fixtures.run('run-1'));
      });

      it('prunes the oldest flow runs of one data source in the statuses named, keeping the latest `keep`, and nothing else', async () => {
        const flow = (id: string, status: RunSnapshot['status'], collection = 'users', connectionId = 'c1') =>
          fixtures.run(id, { kind: 'flow', status, dataSource: { connectionId, collection } });
        await store.putRun(fixtures.run('import-1', { status: 'succeeded' }));
        for (let i = 1; i <= 5; i += 1) await store.putRun(flow(`ok-${i}`, 'succeeded'));
        await store.putRun(flow('failed-1', 'failed'));
        await store.putRun(flow('running-1', 'running'));
        await store.putRun(flow('other-collection', 'succeeded', 'contacts'));
        await store.putRun(flow('other-connection', 'succeeded', 'users', 'c2'));
        // Written again later: still placed by its first write.
        await store.putRun(flow('ok-1', 'succeeded'));

        expect((await store.pruneFlowRuns('c1', 'users', ['succeeded'], 2)).sort()).toEqual(['ok-1', 'ok-2', 'ok-3']);
        expect(ids(await store.listRuns())).toEqual(['import-1', 'ok-4', 'ok-5', 'failed-1', 'running-1', 'other-collection', 'other-connection']);
        expect(await store.pruneFlowRuns('c1', 'users', ['succeeded'], 2)).toEqual([]);
        expect(await store.pruneFlowRuns('c1', 'users', ['failed', 'cancelled'], 0)).toEqual(['failed-1']);
        expect(await store.getRun('failed-1')).toBeUndefined();
        expect(await store.getRun('running-1')).toBeDefined();
      });
    });

    describe('checkpoints', () => {
      it('given none stored, finds none', async () => {
        expect(await store.getCheckpoint('run-1')).toBeUndefined();
      });

      it('keeps one checkpoint per run, the last one put', async () => {
        await store.putCheckpoint(fixtures.checkpoint('run-1'));
        await store.putCheckpoint(fixtures.checkpoint('run-2', { next: { page: 1, seen: 0 } }));
        await store.putCheckpoint(fixtures.checkpoint('run-1', { next: { page: 4, seen: 150, cursor: 'def' }, updatedAt: 4_500 }));
        expect(await store.getCheckpoint('run-1')).toEqual(fixtures.checkpoint('run-1', { next: { page: 4, seen: 150, cursor: 'def' }, updatedAt: 4_500 }));
        expect(await store.getCheckpoint('run-2')).toEqual(fixtures.checkpoint('run-2', { next: { page: 1, seen: 0 } }));
      });

      it('keeps a checkpoint with no next page (the last page was delivered)', async () => {
        const done = fixtures.checkpoint('run-1');
        delete done.next;
        await store.putCheckpoint(done);
        const got = await store.getCheckpoint('run-1');
        expect(got).toEqual(done);
        expect(got).not.toHaveProperty('next');
      });

      it('deleting a run\'s checkpoint forgets only that one; deleting an unknown one changes nothing', async () => {
        await store.putCheckpoint(fixtures.checkpoint('run-1'));
        await store.putCheckpoint(fixtures.checkpoint('run-2'));
        await store.deleteCheckpoint('run-1');
        await store.deleteCheckpoint('nope');
        expect(await store.getCheckpoint('run-1')).toBeUndefined();
        expect(await store.getCheckpoint('run-2')).toEqual(fixtures.checkpoint('run-2'));
      });

      it('copies on the way in and out', async () => {
        const passed = fixtures.checkpoint('run-1');
        await store.putCheckpoint(passed);
        passed.next!.cursor = 'changed';
        passed.counters.fetched = -1;
        const got = await store.getCheckpoint('run-1');
        got!.next!.page = -1;
        expect(await store.getCheckpoint('run-1')).toEqual(fixtures.checkpoint('run-1'));
      });
    });

    describe('dead letters', () => {
      it('given none stored, lists none', async () => {
        expect(await store.listDeadLetters()).toEqual([]);
        expect(await store.listDeadLetters({ runId: 'run-1' })).toEqual([]);
      });

      it('lists every letter in the order first written, or only one run\'s', async () => {
        await store.putDeadLetter(fixtures.deadLetter('dl-1', 'run-1'));
        await store.putDeadLetter(fixtures.deadLetter('dl-2', 'run-2'));
        await store.putDeadLetter(fixtures.deadLetter('dl-3', 'run-1', { attempts: 2 }));
        expect(await store.listDeadLetters()).toEqual([fixtures.deadLetter('dl-1', 'run-1'), fixtures.deadLetter('dl-2', 'run-2'), fixtures.deadLetter('dl-3', 'run-1', { attempts: 2 })]);
        expect(ids(await store.listDeadLetters({ runId: 'run-1' }))).toEqual(['dl-1', 'dl-3']);
        expect(ids(await store.listDeadLetters({ runId: 'run-2' }))).toEqual(['dl-2']);
        expect(ids(await store.listDeadLetters({}))).toEqual(['dl-1', 'dl-2', 'dl-3']);
        expect(await store.listDeadLetters({ runId: 'run-3' })).toEqual([]);
      });

      it('when a letter is put again, replaces it in place, run included', async () => {
        await store.putDeadLetter(fixtures.deadLetter('dl-1', 'run-1'));
        await store.putDeadLetter(fixtures.deadLetter('dl-2', 'run-1'));
        await store.putDeadLetter(fixtures.deadLetter('dl-1', 'run-2', { attempts: 9 }));
        expect(ids(await store.listDeadLetters())).toEqual(['dl-1', 'dl-2']);
        expect(ids(await store.listDeadLetters({ runId: 'run-1' }))).toEqual(['dl-2']);
        expect(await store.listDeadLetters({ runId: 'run-2' })).toEqual([fixtures.deadLetter('dl-1', 'run-2', { attempts: 9 })]);
      });

      it('deleting a letter removes only it; deleting an unknown one changes nothing', async () => {
        await store.putDeadLetter(fixtures.deadLetter('dl-1', 'run-1'));
        await store.putDeadLetter(fixtures.deadLetter('dl-2', 'run-1'));
        await store.deleteDeadLetter('dl-1');
        await store.deleteDeadLetter('nope');
        expect(ids(await store.listDeadLetters())).toEqual(['dl-2']);
      });

      it('copies on the way in and out', async () => {
        const passed = fixtures.deadLetter('dl-1', 'run-1');
        await store.putDeadLetter(passed);
        passed.records[0]!.id = 'changed';
        passed.error.message = 'changed';
        const [got] = await store.listDeadLetters();
        (got!.records[0] as { data: Record<string, unknown> }).data.id = 'changed';
        const [filtered] = await store.listDeadLetters({ runId: 'run-1' });
        filtered!.attempts = -1;
        expect(await store.listDeadLetters()).toEqual([fixtures.deadLetter('dl-1', 'run-1')]);
      });
    });

    describe('queued events', () => {
      it('given none queued, lists and counts none', async () => {
        expect(await store.listQueuedEvents('c1', 'users', 10)).toEqual([]);
        expect(await store.countQueuedEvents('c1', 'users')).toBe(0);
      });

      it('lists one data source\'s oldest events in the order enqueued, up to the limit, and keeps them until acked', async () => {
        await store.enqueueEvents([fixtures.event('e3'), fixtures.event('e1', { type: 'record-deleted', recordId: 'r2' })]);
        await store.enqueueEvents([fixtures.event('e2', { origin: 'retry', runId: 'run-9' })]);
        expect(await store.listQueuedEvents('c1', 'users', 2)).toEqual([fixtures.event('e3'), fixtures.event('e1', { type: 'record-deleted', recordId: 'r2' })]);
        expect(ids(await store.listQueuedEvents('c1', 'users', 10))).toEqual(['e3', 'e1', 'e2']);
        expect(ids(await store.listQueuedEvents('c1', 'users', 10))).toEqual(['e3', 'e1', 'e2']);
        expect(await store.listQueuedEvents('c1', 'users', 0)).toEqual([]);
        expect(await store.countQueuedEvents('c1', 'users')).toBe(3);
      });

      it('keeps a queue per data source', async () => {
        await store.enqueueEvents([fixtures.event('e1'), fixtures.event('e2', { collection: 'contacts' }), fixtures.event('e3', { connectionId: 'c2' })]);
        expect(ids(await store.listQueuedEvents('c1', 'users', 10))).toEqual(['e1']);
        expect(ids(await store.listQueuedEvents('c1', 'contacts', 10))).toEqual(['e2']);
        expect(ids(await store.listQueuedEvents('c2', 'users', 10))).toEqual(['e3']);
        expect(await store.countQueuedEvents('c2', 'contacts')).toBe(0);
      });

      it('acking removes those events from whichever queue holds them and ignores unknown ids', async () => {
        await store.enqueueEvents([fixtures.event('e1'), fixtures.event('e2'), fixtures.event('e3', { collection: 'contacts' }), fixtures.event('e4')]);
        await store.ackEvents(['e2', 'e3', 'nope']);
        await store.ackEvents([]);
        expect(ids(await store.listQueuedEvents('c1', 'users', 10))).toEqual(['e1', 'e4']);
        expect(await store.countQueuedEvents('c1', 'users')).toBe(2);
        expect(await store.countQueuedEvents('c1', 'contacts')).toBe(0);
      });

      it('enqueues all of a batch or none of it', async () => {
        const unreadable = { get name(): string { throw new Error('this record cannot be read'); } };
        await store.enqueueEvents([fixtures.event('e0')]);
        await expect(store.enqueueEvents([fixtures.event('e1'), fixtures.event('e2', { record: unreadable })])).rejects.toThrow();
        expect(ids(await store.listQueuedEvents('c1', 'users', 10))).toEqual(['e0']);
      });

      it('copies on the way in and out', async () => {
        const passed = fixtures.event('e1');
        await store.enqueueEvents([passed]);
        passed.recordId = 'changed';
        (passed.record as { name: string }).name = 'changed';
        const [got] = await store.listQueuedEvents('c1', 'users', 1);
        (got!.record as { name: string }).name = 'changed too';
        expect(await store.listQueuedEvents('c1', 'users', 1)).toEqual([fixtures.event('e1')]);
      });
    });

    describe('record versions', () => {
      it('given none stored, finds and lists none', async () => {
        expect(await store.getRecordVersions('c1', 'users', ['r1'])).toEqual([]);
        expect(await store.listRecordVersions('c1', 'users')).toEqual([]);
      });

      it('returns the versions asked for that are known, in the order asked, per data source', async () => {
        await store.putRecordVersions([fixtures.version('r1'), fixtures.version('r2', { version: 'h9', deleted: true }), fixtures.version('r3', { collection: 'contacts' })]);
        await store.putRecordVersions([fixtures.version('r4', { connectionId: 'c2' })]);
        expect(await store.getRecordVersions('c1', 'users', ['r2', 'r9', 'r1'])).toEqual([fixtures.version('r2', { version: 'h9', deleted: true }), fixtures.version('r1')]);
        expect(await store.getRecordVersions('c1', 'users', ['r3', 'r4'])).toEqual([]);
        expect(await store.getRecordVersions('c1', 'users', [])).toEqual([]);
        expect(await store.listRecordVersions('c1', 'users')).toEqual([fixtures.version('r1'), fixtures.version('r2', { version: 'h9', deleted: true })]);
        expect(await store.listRecordVersions('c1', 'contacts')).toEqual([fixtures.version('r3', { collection: 'contacts' })]);
        expect(await store.listRecordVersions('c2', 'users')).toEqual([fixtures.version('r4', { connectionId: 'c2' })]);
      });

      it('replaces a record\'s version, keyed by connection, collection and record id', async () => {
        await store.putRecordVersions([fixtures.version('r1'), fixtures.version('r2')]);
        await store.putRecordVersions([fixtures.version('r1', { version: 'u2', rank: 2, updatedAt: 7_500 })]);
        expect(await store.listRecordVersions('c1', 'users')).toEqual([fixtures.version('r1', { version: 'u2', rank: 2, updatedAt: 7_500 }), fixtures.version('r2')]);
      });

      it('copies on the way in and out', async () => {
        const passed = fixtures.version('r1');
        await store.putRecordVersions([passed]);
        passed.version = 'changed';
        const [got] = await store.getRecordVersions('c1', 'users', ['r1']);
        got!.deleted = true;
        const [listed] = await store.listRecordVersions('c1', 'users');
        listed!.rank = -1;
        expect(await store.listRecordVersions('c1', 'users')).toEqual([fixtures.version('r1')]);
      });
    });

    describe('flow states', () => {
      it('given none stored, lists and finds none', async () => {
        expect(await store.listFlowStates()).toEqual([]);
        expect(await store.getFlowState('c1', 'users')).toBeUndefined();
      });

      it('keeps one state per data source, replaced in place, listed in the order first written', async () => {
        await store.putFlowState(fixtures.flowState('c1', 'users'));
        await store.putFlowState(fixtures.flowState('c1', 'contacts', { source: 'webhook', status: 'waiting', importRunId: 'run-1' }));
        await store.putFlowState(fixtures.flowState('c1', 'users', { lastPollAt: 9_000, error: { code: 'poll.failed', class: 'transient', message: 'm' } }));
        expect(await store.getFlowState('c1', 'users')).toEqual(fixtures.flowState('c1', 'users', { lastPollAt: 9_000, error: { code: 'poll.failed', class: 'transient', message: 'm' } }));
        expect(await store.getFlowState('c2', 'users')).toBeUndefined();
        expect((await store.listFlowStates()).map((state) => [state.collection, state.status, state.lastPollAt])).toEqual([
          ['users', 'active', 9_000],
          ['contacts', 'waiting', undefined],
        ]);
      });

      it('copies on the way in and out', async () => {
        const passed = fixtures.flowState('c1', 'users');
        await store.putFlowState(passed);
        passed.status = 'waiting';
        const got = await store.getFlowState('c1', 'users');
        got!.pollCursor = -1;
        const [listed] = await store.listFlowStates();
        listed!.source = 'webhook';
        expect(await store.getFlowState('c1', 'users')).toEqual(fixtures.flowState('c1', 'users'));
      });
    });

    describe('seen event ids', () => {
      it('returns, in the order asked, the ids already seen for that connection only', async () => {
        await store.putSeenEventIds('c1', ['a', 'b'], 100, 0);
        await store.putSeenEventIds('c2', ['c'], 100, 0);
        expect(await store.getSeenEventIds('c1', ['c', 'b', 'x', 'a'])).toEqual(['b', 'a']);
        expect(await store.getSeenEventIds('c2', ['a', 'c'])).toEqual(['c']);
        expect(await store.getSeenEventIds('c3', ['a'])).toEqual([]);
        expect(await store.getSeenEventIds('c1', [])).toEqual([]);
      });

      it('forgets ids of any connection seen before the cut-off, and keeps those seen at or after it', async () => {
        await store.putSeenEventIds('c1', ['old'], 100, 0);
        await store.putSeenEventIds('c2', ['edge'], 200, 0);
        await store.putSeenEventIds('c2', ['new'], 300, 200);
        expect(await store.getSeenEventIds('c1', ['old'])).toEqual([]);
        expect(await store.getSeenEventIds('c2', ['edge', 'new'])).toEqual(['edge', 'new']);
      });

      it('an id seen again is remembered from the later time', async () => {
        await store.putSeenEventIds('c1', ['a'], 100, 0);
        await store.putSeenEventIds('c1', ['a'], 300, 0);
        await store.putSeenEventIds('c1', [], 400, 200);
        expect(await store.getSeenEventIds('c1', ['a'])).toEqual(['a']);
      });
    });

    describe('webhook secrets', () => {
      it('keeps one secret per connection, the last one put', async () => {
        expect(await store.getWebhookSecret('c1')).toBeUndefined();
        await store.putWebhookSecret('c1', 'whsec-1');
        await store.putWebhookSecret('c2', 'whsec-2');
        await store.putWebhookSecret('c1', 'whsec-3');
        expect(await store.getWebhookSecret('c1')).toBe('whsec-3');
        expect(await store.getWebhookSecret('c2')).toBe('whsec-2');
      });
    });

    describe('OAuth sign-ins', () => {
      const session = (state: string, overrides: Partial<OAuthSession> = {}): OAuthSession => ({
        state,
        appId: 'lumen-drive',
        redirectUri: 'https://host.example/oauth-callback.html',
        codeVerifier: `verifier-of-${state}-${'v'.repeat(40)}`,
        createdAt: 10_000,
        expiresAt: 20_000,
        ...overrides,
      });

      it('gives a sign-in back once, whole, when its state is taken; after that, and for an unknown state, nothing', async () => {
        await store.putOAuthSession(session('s1', { connectionId: 'c1' }), 0);
        await store.putOAuthSession(session('s2'), 0);
        expect(await store.takeOAuthSession('s1')).toEqual(session('s1', { connectionId: 'c1' }));
        expect(await store.takeOAuthSession('s1')).toBeUndefined();
        expect(await store.takeOAuthSession('unknown')).toBeUndefined();
        expect(await store.takeOAuthSession('s2')).toEqual(session('s2'));
      });

      it('forgets sign-ins that expired before the cut-off as another is put, and keeps those expiring at or after it', async () => {
        await store.putOAuthSession(session('old', { expiresAt: 100 }), 0);
        await store.putOAuthSession(session('edge', { expiresAt: 200 }), 0);
        await store.putOAuthSession(session('new', { expiresAt: 900 }), 200);
        expect(await store.takeOAuthSession('old')).toBeUndefined();
        expect(await store.takeOAuthSession('edge')).toMatchObject({ expiresAt: 200 });
        expect(await store.takeOAuthSession('new')).toMatchObject({ expiresAt: 900 });
      });

      it('a sign-in put again under its state replaces the first', async () => {
        await store.putOAuthSession(session('s1'), 0);
        await store.putOAuthSession(session('s1', { appId: 'other-app', expiresAt: 30_000 }), 0);
        expect(await store.takeOAuthSession('s1')).toEqual(session('s1', { appId: 'other-app', expiresAt: 30_000 }));
      });

      it('copies on the way in and out', async () => {
        const passed = session('s1');
        await store.putOAuthSession(passed, 0);
        passed.codeVerifier = 'changed';
        expect(await store.takeOAuthSession('s1')).toEqual(session('s1'));
      });
    });
  });
}

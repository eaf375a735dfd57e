import { describe, expect, it } from 'vitest';
import { createMemoryStore, createSimulatedClock, type RunStatus } from '../../src/engine/index.ts';
import { harborHr, relayCrm, relayCrmHandlers } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelay, settled, setup } from './helpers.ts';

describe('full imports', () => {
  it('pages through every user with the cursor and delivers each exactly once, mapped', async () => {
    const { engine, receiver } = setup();
    const connection = await connectRelay(engine);
    const statuses: RunStatus[] = [];
    engine.subscribe((event) => {
      if (event.type === 'run.changed' && statuses.at(-1) !== event.run.status) statuses.push(event.run.status);
    });
    const queued = await engine.startImport({ connectionId: connection.id, dataModel: 'users' });
    expect(queued.status).toBe('queued');
    expect(queued.dataSource).toEqual({ connectionId: connection.id, collection: 'users', dataModel: 'users' });

    const run = await settled(engine, queued.id);
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    expect(run.counters).toMatchObject({ pages: 6, fetched: relayCrm.userCount, delivered: relayCrm.userCount, skipped: 0, retries: 0, deadLettered: 0 });
    expect(run.counters.bytes).toBeGreaterThan(10_000);
    expect(receiver.batches).toHaveLength(6);
    const ids = receiver.records.map((record) => record.id);
    expect(new Set(ids).size).toBe(relayCrm.userCount);
    expect(receiver.records[0]).toEqual({
      id: 'usr_0001',
      op: 'upsert',
      idempotencyKey: expect.stringMatching(/^[^:]+:users:usr_0001:u2024-\d\d-\d\dT\d\d:\d\d/),
      data: { id: 'usr_0001', name: expect.stringMatching(/^\S+ \S+$/), email: expect.stringContaining('@northwind.example'), title: expect.any(String), createdAt: expect.any(String) },
    });
  });

  it('reads every page exactly, in one chunk or in many split inside characters, with or without a Content-Length', async () => {
    // Text with characters of two, three and four bytes, so characters and bytes differ.
    const pages = [
      { data: [{ id: 'a', first_name: 'Zoë', last_name: 'Ørsted', email: 'z@x.test' }], next_cursor: 'p2' },
      { data: [{ id: 'b', first_name: '李', last_name: 'Nguyễn 🙂', email: 'l@x.test' }], next_cursor: null },
    ];
    const bodies = pages.map((page) => new TextEncoder().encode(JSON.stringify(page)));
    const expected = bodies.reduce((sum, body) => sum + body.byteLength, 0);
    expect(expected).toBeGreaterThan(pages.reduce((sum, page) => sum + JSON.stringify(page).length, 0));
    for (const declare of [true, false]) {
      for (const chunkSize of [Number.POSITIVE_INFINITY, 3]) {
        const fetch: typeof globalThis.fetch = async (input, init) => {
          const url = new URL(String(input));
          if (!url.pathname.endsWith('/users')) return globalThis.fetch(input, init);
          const body = bodies[url.searchParams.get('cursor') === 'p2' ? 1 : 0] as Uint8Array;
          // Three-byte chunks cut two-, three- and four-byte characters apart.
          const stream = new ReadableStream<Uint8Array>({
            start(controller) {
              for (let at = 0; at < body.byteLength; at += Math.min(chunkSize, body.byteLength)) controller.enqueue(body.slice(at, at + chunkSize));
              controller.close();
            },
          });
          return new Response(stream, { headers: { 'Content-Type': 'application/json', ...(declare ? { 'Content-Length': String(body.byteLength) } : {}) } });
        };
        const { engine, receiver } = setup({ fetch });
        const connection = await connectRelay(engine);
        const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
        expect(run.status).toBe('succeeded');
        expect(run.counters).toMatchObject({ pages: 2, fetched: 2, bytes: expected });
        expect(receiver.records.map((record) => record.data?.name)).toEqual(['Zoë Ørsted', '李 Nguyễn 🙂']);
      }
    }
  });

  it('gives the same idempotency keys when the same records are imported again', async () => {
    const { engine, receiver } = setup();
    const connection = await connectRelay(engine);
    await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    const first = receiver.records.map((record) => record.idempotencyKey);
    receiver.batches.length = 0;
    await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    expect(receiver.records.map((record) => record.idempotencyKey)).toEqual(first);
  });

  it('resolves the users data model to Harbor HR employees and maps nested names', async () => {
    const { engine, receiver } = setup();
    const connection = await engine.connect({ appId: harborHr.appId, credentials: { type: 'basic', username: harborHr.username, password: harborHr.password } });
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, dataModel: 'users' })).id);
    expect(run.status).toBe('succeeded');
    expect(run.counters).toMatchObject({ pages: 3, delivered: harborHr.employeeCount });
    expect(receiver.records[0]?.data).toMatchObject({ id: 'E-1001', email: expect.stringContaining('@harbor.example') });
    expect(receiver.records[0]?.data?.name).toMatch(/^\S+ \S+$/);
  });

  it('imports a collection with no data model and no pagination as it is', async () => {
    const { engine, receiver } = setup();
    const connection = await engine.connect({ appId: harborHr.appId, credentials: { type: 'basic', username: harborHr.username, password: harborHr.password } });
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'departments' })).id);
    expect(run.counters).toMatchObject({ pages: 1, fetched: 5, delivered: 5, skipped: 0 });
    expect(receiver.records[0]?.data).toEqual({ id: 'D-1', name: 'Engineering', headcount: expect.any(Number) });
  });

  it('given an app that keeps failing a page, retries with backoff, then fails with a typed transient error and keeps the last checkpoint', async () => {
    server.use(...relayCrmHandlers({ failPage: { page: 3, status: 503 } }));
    const store = createMemoryStore();
    const clock = createSimulatedClock();
    const { engine, receiver } = setup({ store, clock, retry: { maxAttempts: 4 } });
    const connection = await connectRelay(engine);
    const started = clock.now();
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));
    expect(run.status).toBe('failed');
    expect(run.counters.retries).toBe(3);
    // Three backoffs of at least 250, 500 and 1000 ms passed on the simulated clock.
    expect(clock.now() - started).toBeGreaterThanOrEqual(1750);
    expect(run.log.filter((entry) => entry.message.includes('Retry')).length).toBe(3);
    expect(run.error).toMatchObject({ code: 'source.unavailable', class: 'transient', status: 503 });
    expect(run.error?.message).toContain('Something went wrong on our side');
    expect(run.counters).toMatchObject({ pages: 2, delivered: 100 });
    expect(receiver.records).toHaveLength(100);
    expect(await store.getCheckpoint(run.id)).toMatchObject({ counters: { pages: 2, delivered: 100 }, next: { page: 3, cursor: expect.any(String) } });
    expect(run.log.at(-1)).toMatchObject({ level: 'error' });
  });

  it('given a malformed page, fails with a source-data error naming the page and delivers nothing of it', async () => {
    server.use(...relayCrmHandlers({ malformedPage: 2 }));
    const { engine, receiver } = setup();
    const connection = await connectRelay(engine);
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    expect(run.error).toMatchObject({ code: 'source.records-missing', class: 'source-data' });
    expect(run.error?.message).toContain('Page 2');
    expect(receiver.records).toHaveLength(50);
  });

  it('given credentials the app stopped accepting, fails the run and marks the connection needs-reauth', async () => {
    const { engine } = setup();
    const connection = await connectRelay(engine);
    server.use(...relayCrmHandlers({ failPage: { page: 1, status: 401 } }));
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    expect(run.error).toMatchObject({ class: 'auth', code: 'auth.invalid-credentials' });
    const [after] = await engine.listConnections();
    expect(after?.status).toBe('needs-reauth');
    await expect(engine.startImport({ connectionId: connection.id, collection: 'users' })).rejects.toMatchObject({ code: 'connection.not-ready' });
  });

  it('given a destination that rejects a batch, fails with a destination error and does not move the checkpoint', async () => {
    let calls = 0;
    const store = createMemoryStore();
    const { engine } = setup({
      store,
      destination: async () => {
        calls += 1;
        if (calls === 2) throw new Error('receiver is down');
      },
    });
    const connection = await connectRelay(engine);
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    expect(run.error).toMatchObject({ code: 'destination.failed', class: 'destination' });
    expect(run.error?.message).toContain('receiver is down');
    expect(await store.getCheckpoint(run.id)).toMatchObject({ counters: { pages: 1, delivered: 50 } });
  });

  it('reports records that cannot be mapped by id instead of dropping them silently', async () => {
    const { engine, receiver } = setup();
    const connection = await connectRelay(engine);
    await engine.saveFieldMapping({
      connectionId: connection.id,
      dataModel: 'users',
      mapping: { fields: { id: { path: 'id' }, name: { path: 'first_name' }, email: { path: 'no_such_field' } } },
    });
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, dataModel: 'users' })).id);
    expect(run.status).toBe('succeeded');
    expect(run.counters).toMatchObject({ fetched: 257, delivered: 0, skipped: 257 });
    expect(run.skipped).toHaveLength(100);
    expect(run.skipped.at(-1)).toMatchObject({ recordId: 'usr_0257', errors: [{ field: 'email' }] });
    expect(run.skipped.at(-1)?.reason).toContain('email is required');
    expect(receiver.records).toHaveLength(0);
  });

  it('cancelling a running import stops it as cancelled', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { engine } = setup({ destination: () => gate });
    const connection = await connectRelay(engine);
    const queued = await engine.startImport({ connectionId: connection.id, collection: 'users' });
    await new Promise<void>((resolve) => {
      const off = engine.subscribe((event) => {
        if (event.type === 'run.changed' && event.run.status === 'running') {
          off();
          resolve();
        }
      });
    });
    const cancelling = engine.cancelRun({ runId: queued.id });
    release();
    const run = await cancelling;
    expect(run.status).toBe('cancelled');
    expect(run.finishedAt).toBeDefined();
  });

  it('refuses a second import of the same collection while one is active', async () => {
    const { engine } = setup();
    const connection = await connectRelay(engine);
    const first = await engine.startImport({ connectionId: connection.id, collection: 'users' });
    await expect(engine.startImport({ connectionId: connection.id, dataModel: 'users' })).rejects.toMatchObject({ code: 'run.already-active' });
    await settled(engine, first.id);
  });

  it('lists runs newest first and filters them by connection and status', async () => {
    const { engine } = setup();
    const connection = await connectRelay(engine);
    const a = await engine.startImport({ connectionId: connection.id, collection: 'users' });
    await settled(engine, a.id);
    const b = await engine.startImport({ connectionId: connection.id, collection: 'contacts' });
    await settled(engine, b.id);
    expect((await engine.listRuns({ connectionId: connection.id })).map((run) => run.id)).toEqual([b.id, a.id]);
    expect(await engine.listRuns({ status: 'failed' })).toEqual([]);
    expect(await engine.listRuns({ connectionId: 'other' })).toEqual([]);
  });
});

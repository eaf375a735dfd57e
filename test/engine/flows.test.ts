import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createSimulatedClock,
  validateConnector,
  type DataSourceRef,
  type Engine,
  type RunSnapshot,
  type SimulatedClock,
} from '../../src/engine/index.ts';
import { createHarborHr, createPipewellCrm, createRelayCrm, harborHr, harborHrConnector, pipewellCrm, relayCrm } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { settled, setup } from './helpers.ts';

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Resolves once the data source's queue is empty and no flow run is at work. */
async function idle(engine: Engine, ref: DataSourceRef): Promise<RunSnapshot[]> {
  for (let round = 0; round < 5000; round += 1) {
    const flow = await engine.getFlow(ref);
    const runs = await engine.listRuns({ connectionId: ref.connectionId, kind: 'flow' });
    if (flow.queueDepth === 0 && runs.every((run) => FINAL.has(run.status))) return runs;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the flow never went idle');
}

async function imported(engine: Engine, clock: SimulatedClock, ref: DataSourceRef): Promise<RunSnapshot> {
  const run = await engine.startImport(ref);
  return clock.run(settled(engine, run.id));
}

describe('webhook flows', () => {
  async function relayFlow(options: Parameters<typeof setup>[0] = {}) {
    const clock = createSimulatedClock();
    const app = createRelayCrm({ now: clock.now, users: 30 });
    server.use(...app.handlers);
    const { engine, receiver } = setup({ clock, ...options });
    const connection = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const { secret } = await engine.rotateWebhookSecret({ connectionId: connection.id });
    const refused: unknown[] = [];
    app.webhooks.subscribe({
      secret,
      send: (delivery) => engine.receiveWebhook({ connectionId: connection.id, headers: delivery.headers, body: delivery.body }).catch((error: unknown) => refused.push(error)),
    });
    const ref = { connectionId: connection.id, collection: 'users' };
    return { clock, app, engine, receiver, connection, ref, refused, secret };
  }

  it('given a succeeded import, when users are created, updated and deleted in the app, each event gives a flow run that delivers it', async () => {
    const { clock, app, engine, receiver, ref, refused } = await relayFlow();
    expect((await engine.getFlow(ref)).status).toBe('inactive');
    const run = await imported(engine, clock, ref);
    expect(run.status).toBe('succeeded');
    expect(await engine.getFlow(ref)).toMatchObject({ source: 'webhook', status: 'active', queueDepth: 0, webhook: { secret: 'generated', ready: true } });
    receiver.batches.length = 0;

    app.users.update('usr_0004', (user) => ({ ...user, job_title: 'Head of Flows' }));
    const created = app.users.create((at) => ({ ...app.users.get('usr_0001')!, id: 'usr_9001', email: 'new@northwind.example', created_at: new Date(at).toISOString() }));
    app.users.remove('usr_0007');
    await app.webhooks.flush();
    const runs = await idle(engine, ref);
    expect(refused).toEqual([]);

    expect(runs).toHaveLength(3);
    expect(runs.every((flowRun) => flowRun.kind === 'flow' && flowRun.status === 'succeeded' && flowRun.flow?.outcome === 'delivered')).toBe(true);
    const byRecord = new Map(receiver.records.map((record) => [record.id, record]));
    expect(byRecord.get('usr_0004')).toMatchObject({ op: 'upsert', data: { title: 'Head of Flows' } });
    expect(byRecord.get('usr_9001')).toMatchObject({ op: 'upsert', data: { email: 'new@northwind.example' } });
    expect(byRecord.get('usr_0007')).toEqual({ id: 'usr_0007', op: 'delete', idempotencyKey: expect.stringMatching(/:users:usr_0007:d\d+$/) });
    expect(byRecord.get('usr_9001')?.idempotencyKey).toBe(`${ref.connectionId}:users:usr_9001:u${created.updated_at}`);

    const deleteRun = runs.find((flowRun) => flowRun.flow?.recordId === 'usr_0007');
    expect(deleteRun?.flow?.steps.map((step) => step.status)).toEqual(['skipped', 'skipped', 'succeeded']);
    const updateRun = runs.find((flowRun) => flowRun.flow?.recordId === 'usr_0004');
    expect(updateRun?.flow?.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(updateRun?.counters).toMatchObject({ fetched: 1, delivered: 1 });
    for (const step of updateRun?.flow?.steps ?? []) expect(step.finishedAt).toBeGreaterThanOrEqual(step.startedAt ?? Infinity);
  });

  it('holds events that arrive during the import until it has succeeded, then delivers what the import did not already', async () => {
    const { clock, app, engine, receiver, ref } = await relayFlow();
    const run = await engine.startImport(ref);
    app.users.update('usr_0002', (user) => ({ ...user, job_title: 'Changed before the import read it' }));
    await app.webhooks.flush();
    expect(await engine.getFlow(ref)).toMatchObject({ status: 'waiting', queueDepth: 1 });
    await clock.run(settled(engine, run.id));
    const [flowRun] = await idle(engine, ref);
    // The import already read and delivered that version: the event is a duplicate, and nothing is sent twice.
    expect(flowRun?.flow?.outcome).toBe('duplicate');
    expect(receiver.records.filter((record) => record.id === 'usr_0002')).toHaveLength(1);
  });

  it('never lets an older event overwrite newer data, and keeps a deleted record deleted', async () => {
    const { clock, app, engine, receiver, ref, connection, secret } = await relayFlow();
    await imported(engine, clock, ref);
    const changes: Parameters<typeof app.webhooks.eventFor>[1][] = [];
    const stop = app.users.onChange((change) => changes.push(change));
    app.users.update('usr_0003', (user) => ({ ...user, job_title: 'First' }));
    app.users.update('usr_0003', (user) => ({ ...user, job_title: 'Second' }));
    app.users.remove('usr_0005');
    stop();
    await app.webhooks.flush();
    await idle(engine, ref);
    receiver.batches.length = 0;
    // The app sends the older update and a create for the deleted record again, late.
    const late = await app.webhooks.sign(secret, [app.webhooks.eventFor('user', changes[0]!), app.webhooks.eventFor('user', { ...changes[2]!, type: 'updated', at: changes[2]!.at - 1 })]);
    await engine.receiveWebhook({ connectionId: connection.id, headers: late.headers, body: late.body });
    const runs = await idle(engine, ref);
    expect(receiver.records).toEqual([]);
    expect(runs.filter((flowRun) => flowRun.flow?.origin === 'webhook').slice(0, 2).map((flowRun) => flowRun.flow?.outcome).sort()).toEqual(['stale', 'stale']);
  });

  it('fails a flow run at the step that failed, with a typed error, and a retry delivers it', async () => {
    let refuse = true;
    const delivered: string[] = [];
    const { clock, app, engine, ref } = await relayFlow({
      destination: async (batch) => {
        if (refuse && batch.records.some((record) => record.id === 'usr_0009')) throw new Error('host is read-only');
        delivered.push(...batch.records.map((record) => record.id));
      },
    });
    await imported(engine, clock, { ...ref, collection: 'users' }).catch(() => undefined);
    // The import itself was refused for the page with usr_0009; run it again with the host accepting.
    refuse = false;
    await imported(engine, clock, ref);
    refuse = true;
    app.users.update('usr_0009', (user) => ({ ...user, job_title: 'Refused at first' }));
    await app.webhooks.flush();
    const [failed] = await idle(engine, ref);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'destination.failed', class: 'destination' } });
    expect(failed?.flow?.steps.map((step) => [step.name, step.status])).toEqual([['fetch', 'succeeded'], ['map', 'succeeded'], ['deliver', 'failed']]);
    expect(failed?.flow?.steps[2]?.error?.message).toContain('host is read-only');

    refuse = false;
    const retried = await engine.retryFlowRun({ runId: failed!.id });
    expect(retried.status).toBe('queued');
    await idle(engine, ref);
    expect(await engine.getRun({ runId: failed!.id })).toMatchObject({ status: 'succeeded', flow: { outcome: 'delivered' } });
    expect(delivered.at(-1)).toBe('usr_0009');
    await expect(engine.retryFlowRun({ runId: failed!.id })).rejects.toMatchObject({ code: 'run.not-failed' });
  });

  it('processes events queued before a crash when the engine starts again', async () => {
    const clock = createSimulatedClock();
    const store = createMemoryStore();
    const app = createRelayCrm({ now: clock.now, users: 12 });
    server.use(...app.handlers);
    const first = setup({ clock, store });
    const connection = await first.engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const ref = { connectionId: connection.id, collection: 'users' };
    const { secret } = await first.engine.rotateWebhookSecret({ connectionId: connection.id });
    await imported(first.engine, clock, ref);
    // The process dies right after acknowledging a delivery: the events are in the store only.
    await first.engine.dispose();
    const change = app.users.update('usr_0006', (user) => ({ ...user, job_title: 'After the crash' }));
    const delivery = await app.webhooks.sign(secret, [app.webhooks.eventFor('user', { type: 'updated', id: change.id, record: change, at: Date.parse(change.updated_at) })]);
    await first.engine.receiveWebhook({ connectionId: connection.id, headers: delivery.headers, body: delivery.body }).catch(() => undefined);
    expect(await store.countQueuedEvents(connection.id, 'users')).toBe(1);

    const second = setup({ clock, store });
    await idle(second.engine, ref);
    expect(second.receiver.records).toEqual([expect.objectContaining({ id: 'usr_0006', data: expect.objectContaining({ title: 'After the crash' }) })]);
  });
});

describe('polling flows', () => {
  it('polls for records updated since the import began, every 5 minutes by default, and delivers what changed', async () => {
    const clock = createSimulatedClock();
    const app = createPipewellCrm({ now: clock.now, persons: 40 });
    server.use(...app.handlers);
    const { engine, receiver } = setup({ clock });
    const connection = await engine.connect({ appId: pipewellCrm.appId, credentials: pipewellCrm.credentials });
    const ref = { connectionId: connection.id, collection: 'persons' };
    const started = await engine.startImport(ref);
    await clock.run(settled(engine, started.id));
    // Activation polls at once, from the import's start.
    await clock.advance(0);
    await idle(engine, ref);
    const afterImport = await engine.getFlow(ref);
    expect(afterImport).toMatchObject({ source: 'polling', status: 'active', intervalMs: 300_000, pollCursor: expect.any(Number) });
    expect(afterImport.pollCursor).toBeGreaterThanOrEqual(started.createdAt);
    expect(afterImport.nextPollAt).toBe((afterImport.lastPollAt ?? 0) + 300_000);
    receiver.batches.length = 0;

    app.persons.update('7', (person) => ({ ...person, first_name: 'Polled' }));
    await clock.advance(240_000);
    await idle(engine, ref);
    expect(receiver.records).toEqual([]);
    await clock.advance(60_000);
    const runs = await idle(engine, ref);
    expect(receiver.records).toEqual([expect.objectContaining({ id: '7', op: 'upsert', data: expect.objectContaining({ firstName: 'Polled' }) })]);
    const polled = runs.find((run) => run.flow?.recordId === '7');
    expect(polled?.flow).toMatchObject({ origin: 'polling', type: 'record-updated', outcome: 'delivered' });
    expect(polled?.flow?.steps[0]).toMatchObject({ name: 'fetch', status: 'skipped' });

    // Nothing changed: the next poll delivers nothing.
    receiver.batches.length = 0;
    await clock.advance(300_000);
    await idle(engine, ref);
    expect(receiver.records).toEqual([]);
  });

  it('validates the polling interval: at least 30 seconds', () => {
    const users = harborHrConnector.collections.employees!;
    const tooFast = { ...harborHrConnector, collections: { employees: { ...users, events: { type: 'polling' as const, since: { param: 'since', format: 'iso' as const }, intervalMs: 10_000 } } } };
    expect(() => validateConnector(tooFast)).toThrow(expect.objectContaining({ code: 'connector.invalid', issues: [expect.objectContaining({ path: 'collections.employees.events.intervalMs' })] }));
  });
});

describe('full-scan flows', () => {
  it('given an app with neither webhooks nor a filter, a scan every hour delivers changes and new records, and deletes what is gone', async () => {
    const clock = createSimulatedClock();
    const app = createHarborHr({ employees: 60 });
    server.use(...app.handlers);
    const { engine, receiver } = setup({ clock, retry: { maxAttempts: 1 } });
    const connection = await engine.connect({ appId: harborHr.appId, credentials: harborHr.credentials });
    const ref = { connectionId: connection.id, collection: 'employees' };
    await imported(engine, clock, ref);
    receiver.batches.length = 0;

    app.employees.update('E-1005', (employee) => ({ ...employee, jobTitle: 'Scanner' }));
    app.employees.create(() => ({ ...app.employees.get('E-1001')!, employeeId: 'E-2000', workEmail: 'new@harbor.example' }));
    app.employees.remove('E-1003');

    // A scan that fails part-way says nothing about deletes.
    server.use(http.get('https://harbor-hr.test/api/employees', ({ request }) =>
      new URL(request.url).searchParams.has('page_token') ? HttpResponse.json({ message: 'down' }, { status: 503 }) : undefined));
    await clock.advance(3_600_000);
    await idle(engine, ref);
    expect((await engine.getFlow(ref)).error).toMatchObject({ class: 'transient' });
    expect(receiver.records.filter((record) => record.op === 'delete')).toEqual([]);

    server.resetHandlers(...app.handlers);
    await clock.advance(3_600_000);
    await idle(engine, ref);
    const flow = await engine.getFlow(ref);
    expect(flow).toMatchObject({ source: 'full-scan', lastScanCount: 60 });
    expect(flow.error).toBeUndefined();
    const byRecord = new Map(receiver.records.map((record) => [record.id, record]));
    expect(byRecord.get('E-1005')).toMatchObject({ op: 'upsert', data: expect.objectContaining({ title: 'Scanner' }) });
    expect(byRecord.get('E-2000')).toMatchObject({ op: 'upsert' });
    expect(byRecord.get('E-1003')).toMatchObject({ op: 'delete' });
    expect(byRecord.get('E-1003')?.data).toBeUndefined();
    // Unchanged records are not delivered again.
    expect(new Set(receiver.records.map((record) => record.id))).toEqual(new Set(['E-1005', 'E-2000', 'E-1003']));

    receiver.batches.length = 0;
    await clock.advance(3_600_000);
    await idle(engine, ref);
    expect(receiver.records).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createSimulatedClock, type DataSourceRef, type Engine, type FieldMapping, type RunSnapshot } from '../../src/engine/index.ts';
import { createRelayCrm, relayCrm } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { settled, setup } from './helpers.ts';

/** Relay users whose `created_at` is no date: five on the first page of 50, one on the second. */
const BROKEN = ['usr_0003', 'usr_0004', 'usr_0005', 'usr_0006', 'usr_0007', 'usr_0075'];

function mappingWith(onError?: FieldMapping['onError']): FieldMapping {
  return {
    fields: {
      id: { path: 'id' },
      name: { template: '{{first_name}} {{last_name}}' },
      email: { path: 'email', as: 'email' },
      title: { lookup: { value: { path: 'job_title' }, table: { Engineer: 'engineering' }, otherwise: 'other' } },
      createdAt: { path: 'created_at', as: 'date' },
    },
    ...(onError ? { onError } : {}),
  };
}

async function importWith(onError?: FieldMapping['onError']) {
  const app = createRelayCrm({ users: 120 });
  for (const id of BROKEN) app.users.update(id, (user) => ({ ...user, created_at: 'not a date' }));
  server.use(...app.handlers);
  const { engine, receiver } = setup();
  const connection = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
  const ref = { connectionId: connection.id, dataModel: 'users' };
  await engine.saveFieldMapping({ ...ref, mapping: mappingWith(onError) });
  const run = await settled(engine, (await engine.startImport(ref)).id);
  return { run, receiver };
}

describe('a mapping\'s error policy in runs', () => {
  it('given onError "null", delivers every record, the failing fields as null, and logs which records per page', async () => {
    const { run, receiver } = await importWith('null');
    expect(run.status).toBe('succeeded');
    expect(run.counters).toMatchObject({ pages: 3, fetched: 120, delivered: 120, skipped: 0 });
    expect(run.skipped).toEqual([]);
    expect(receiver.records).toHaveLength(120);
    const byId = new Map(receiver.records.map((record) => [record.id, record.data]));
    for (const id of BROKEN) expect(byId.get(id)).toMatchObject({ id, createdAt: null });
    expect(byId.get('usr_0001')?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(byId.get('usr_0001')?.email).toBe(byId.get('usr_0001')?.email?.toString().toLowerCase());

    const warnings = run.log.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
    const reason = 'createdAt cannot be read as a date: "not a date"';
    expect(warnings).toEqual([
      `Page 1: 5 records delivered with fields set to null: usr_0003 (${reason}), usr_0004 (${reason}), usr_0005 (${reason}) and 2 more.`,
      `Page 2: 1 record delivered with fields set to null: usr_0075 (${reason}).`,
    ]);
  });

  it('given onError "skip" (the default), leaves the same records out and lists each as skipped, with its id and reason', async () => {
    const { run, receiver } = await importWith();
    expect(run.status).toBe('succeeded');
    expect(run.counters).toMatchObject({ pages: 3, fetched: 120, delivered: 114, skipped: 6 });
    expect(run.skipped).toEqual(
      BROKEN.map((recordId) => ({
        recordId,
        reason: 'createdAt cannot be read as a date: "not a date"',
        errors: [{ field: 'createdAt', message: 'cannot be read as a date: "not a date"' }],
      })),
    );
    expect(receiver.records.map((record) => record.id)).not.toContain('usr_0003');
    expect(run.log.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      'Page 1: skipped 5 records that could not be mapped.',
      'Page 2: skipped 1 record that could not be mapped.',
    ]);
  });

  it('given onError "null", a flow run delivers the changed record with the field as null, and says so in its map step and log', async () => {
    const clock = createSimulatedClock();
    const app = createRelayCrm({ now: clock.now, users: 10 });
    server.use(...app.handlers);
    const { engine, receiver } = setup({ clock });
    const connection = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const { secret } = await engine.rotateWebhookSecret({ connectionId: connection.id });
    app.webhooks.subscribe({ secret, send: (delivery) => engine.receiveWebhook({ connectionId: connection.id, headers: delivery.headers, body: delivery.body }) });
    const ref = { connectionId: connection.id, dataModel: 'users' };
    await engine.saveFieldMapping({ ...ref, mapping: mappingWith('null') });
    const imported = await clock.run(settled(engine, (await engine.startImport(ref)).id));
    expect(imported.status).toBe('succeeded');
    receiver.batches.length = 0;

    app.users.update('usr_0002', (user) => ({ ...user, created_at: 'soon' }));
    await app.webhooks.flush();
    const [flowRun] = await flowRuns(engine, { connectionId: connection.id, collection: 'users' });
    expect(flowRun).toMatchObject({ status: 'succeeded', flow: { recordId: 'usr_0002', outcome: 'delivered' } });
    const map = flowRun?.flow?.steps.find((step) => step.name === 'map');
    expect(map).toMatchObject({ status: 'succeeded', note: 'Fields set to null: createdAt cannot be read as a date: "soon".' });
    expect(flowRun?.log).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Record usr_0002: Fields set to null: createdAt cannot be read as a date: "soon".' }));
    expect(receiver.records).toEqual([expect.objectContaining({ id: 'usr_0002', data: expect.objectContaining({ createdAt: null }) })]);
  });
});

/** The data source's flow runs once its queue is empty and every run has finished. */
async function flowRuns(engine: Engine, ref: DataSourceRef): Promise<RunSnapshot[]> {
  for (let round = 0; round < 5000; round += 1) {
    const flow = await engine.getFlow(ref);
    const runs = await engine.listRuns({ connectionId: ref.connectionId, kind: 'flow' });
    if (flow.queueDepth === 0 && runs.length > 0 && runs.every((run) => ['succeeded', 'failed', 'cancelled'].includes(run.status))) return runs;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the flow never went idle');
}

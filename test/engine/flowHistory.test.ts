import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.ts';
import { createSimulatedClock, type EngineEvent } from '../../src/engine/index.ts';
import { createRelayCrm, relayCrm } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { settled, setup } from './helpers.ts';

describe('flow run history', () => {
  it('keeps the latest `flowRunHistory` finished flow runs of a data source, announces the ones it drops, and clients let them go', async () => {
    const clock = createSimulatedClock();
    const app = createRelayCrm({ now: clock.now, users: 20 });
    server.use(...app.handlers);
    const { engine, receiver } = setup({ clock, flowRunHistory: 3 });
    const removed: string[] = [];
    engine.subscribe((event: EngineEvent) => {
      if (event.type === 'runs.removed') removed.push(...event.runIds);
    });
    const client = createClient({ engine });
    await client.start();
    const connection = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const { secret } = await engine.rotateWebhookSecret({ connectionId: connection.id });
    app.webhooks.subscribe({ secret, send: (delivery) => engine.receiveWebhook({ connectionId: connection.id, headers: delivery.headers, body: delivery.body }) });
    const ref = { connectionId: connection.id, collection: 'users' };
    const imported = await clock.run(settled(engine, (await engine.startImport(ref)).id));
    expect(imported.status).toBe('succeeded');

    const changed = ['usr_0001', 'usr_0002', 'usr_0003', 'usr_0004', 'usr_0005', 'usr_0006', 'usr_0007', 'usr_0008'];
    for (const id of changed) {
      app.users.update(id, (user) => ({ ...user, job_title: `Changed ${id}` }));
      await app.webhooks.flush();
      // One event at a time: each becomes its own batch, and history is pruned after each.
      for (let round = 0; round < 1000 && (await engine.getFlow(ref)).queueDepth > 0; round += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    for (let round = 0; round < 1000 && receiver.records.filter((record) => record.op === 'upsert' && changed.includes(record.id) && (record.data as { title?: string }).title?.startsWith('Changed')).length < changed.length; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }

    const flowRuns = await engine.listRuns({ kind: 'flow' });
    expect(flowRuns.map((run) => run.flow?.recordId)).toEqual(['usr_0008', 'usr_0007', 'usr_0006']);
    expect(flowRuns.every((run) => run.status === 'succeeded')).toBe(true);
    expect(removed).toHaveLength(changed.length - 3);
    // The import is not a flow run: it stays.
    expect((await engine.listRuns({ kind: 'import' })).map((run) => run.id)).toEqual([imported.id]);
    expect(client.getState().runs.filter((run) => run.kind === 'flow').map((run) => run.id).sort()).toEqual(flowRuns.map((run) => run.id).sort());
    client.close();
    await engine.dispose();
  });
});

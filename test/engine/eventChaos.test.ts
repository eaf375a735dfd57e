import { describe, expect, it } from 'vitest';
import { createMemoryStore, createSimulatedClock, type DeliveryBatch, type Engine, type SimulatedClock } from '../../src/engine/index.ts';
import { createRelayCrm, relayCrm, type RelayDelivery } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { settled, setup } from './helpers.ts';

/** A record's version at the receiver: from the idempotency key's last part (`u` + updated-at, `d` + the delete's time). */
function versionOf(key: string): number {
  // connection:collection:id:version; only the version (an ISO time) may hold a `:`.
  const part = key.split(':').slice(3).join(':');
  const version = part.startsWith('u') ? Date.parse(part.slice(1)) : Number(part.slice(1));
  if (!Number.isFinite(version)) throw new Error(`no version in ${key}`);
  return version;
}

async function idle(engine: Engine, clock: SimulatedClock, connectionId: string): Promise<void> {
  for (;;) {
    // Fires due retries (their backoff is zero here).
    await clock.advance(0);
    const flow = await engine.getFlow({ connectionId, collection: 'users' });
    const runs = await engine.listRuns({ connectionId, kind: 'flow' });
    if (flow.queueDepth === 0 && runs.every((run) => ['succeeded', 'failed', 'cancelled'].includes(run.status))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('event chaos', () => {
  it('10,000 events over 1,000 records, 20% duplicated, 30% reordered, 10% deletes: the receiver ends equal to the app, no version goes back, deleted stays deleted', async () => {
    let seed = 20_260_401;
    const random = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 4_294_967_296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

    const clock = createSimulatedClock();
    // One read by id in five comes from a replica a change behind: only version checks keep old data from overwriting new.
    const app = createRelayCrm({ now: clock.now, users: 700, staleReadRate: 0.2, staleReadSeed: 7 });
    server.use(...app.handlers);

    // The host: one row per record, and a watch on what it is sent.
    const rows = new Map<string, { version: number; deleted: boolean; title?: unknown }>();
    let backwards = 0;
    let resurrected = 0;
    const destination = async (batch: DeliveryBatch) => {
      for (const record of batch.records) {
        const version = versionOf(record.idempotencyKey);
        const row = rows.get(record.id);
        if (row && version < row.version) backwards += 1;
        if (row?.deleted && record.op === 'upsert') resurrected += 1;
        rows.set(record.id, { version, deleted: record.op === 'delete', title: record.data?.title });
      }
    };
    const { engine } = setup({ clock, store: createMemoryStore(), destination, retry: { maxAttempts: 20, baseDelayMs: 0, maxDelayMs: 0 } });
    const connection = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const { secret } = await engine.rotateWebhookSecret({ connectionId: connection.id });
    const run = await engine.startImport({ connectionId: connection.id, collection: 'users' });
    expect((await clock.run(settled(engine, run.id))).status).toBe('succeeded');

    // 80 rounds of 100 changes in the app, each change one delivery; the host is fed while the app keeps changing.
    const sent: RelayDelivery[] = [];
    app.webhooks.subscribe({ secret, send: (delivery) => void sent.push(delivery) });
    const alive = app.users.all().map((user) => user.id);
    const everyId = new Set(alive);
    let created = 0;
    let deletes = 0;
    let duplicates = 0;
    let reordered = 0;
    let deleteEvents = 0;
    let accepted = 0;
    let total = 0;
    const started = performance.now();
    for (let round = 0; round < 80; round += 1) {
      sent.length = 0;
      for (let change = 0; change < 100; change += 1) {
        const roll = random();
        if (roll < 0.04 && created < 300) {
          created += 1;
          const id = `usr_new_${created}`;
          app.users.create((at) => ({ ...app.users.get(alive[0] ?? 'usr_0001')!, id, job_title: `created ${round}.${change}`, created_at: new Date(at).toISOString() }));
          alive.push(id);
          everyId.add(id);
        } else if (roll < 0.145 && alive.length > 1) {
          const [id] = alive.splice(Math.floor(random() * alive.length), 1);
          app.users.remove(id as string);
          deletes += 1;
        } else {
          app.users.update(pick(alive), (user) => ({ ...user, job_title: `title ${round}.${change}` }));
        }
      }
      await app.webhooks.flush();
      const deliveries = [...sent];
      // 25 duplicates (20% of what arrives): the app sends a change again, under a new event id, a little later.
      for (let duplicate = 0; duplicate < 25; duplicate += 1) {
        const original = pick(sent);
        const [event] = original.events;
        const again = await app.webhooks.sign(secret, [{ ...event!, eventId: `${event!.eventId}_again_${round}_${duplicate}`, attemptNumber: 1 }]);
        deliveries.splice(Math.min(deliveries.length, deliveries.indexOf(original) + 1 + Math.floor(random() * 50)), 0, again);
        duplicates += 1;
      }
      // 30% arrive out of order: swapped with one up to 50 places later.
      for (let move = 0; move < (round % 4 === 3 ? 18 : 19); move += 1) {
        const from = Math.floor(random() * (deliveries.length - 1));
        const to = Math.min(deliveries.length - 1, from + 1 + Math.floor(random() * 50));
        [deliveries[from], deliveries[to]] = [deliveries[to] as RelayDelivery, deliveries[from] as RelayDelivery];
        reordered += 2;
      }
      for (const delivery of deliveries) {
        if (delivery.events[0]?.subscriptionType === 'user.deletion') deleteEvents += 1;
        accepted += (await engine.receiveWebhook({ connectionId: connection.id, headers: delivery.headers, body: delivery.body })).accepted;
        total += 1;
      }
      await clock.advance(0);
    }
    await idle(engine, clock, connection.id);
    const seconds = (performance.now() - started) / 1000;
    expect(total).toBe(10_000);
    expect(accepted).toBe(10_000);
    expect(everyId.size).toBe(1000);
    expect(deleteEvents / total).toBeGreaterThanOrEqual(0.1);
    expect(duplicates / total).toBe(0.2);
    expect(reordered / total).toBe(0.3);
    const runs = await engine.listRuns({ connectionId: connection.id, kind: 'flow' });
    const outcomes: Record<string, number> = {};
    for (const flowRun of runs) outcomes[flowRun.flow?.outcome ?? flowRun.status] = (outcomes[flowRun.flow?.outcome ?? flowRun.status] ?? 0) + 1;
    console.info(
      `event chaos: ${total} events (${deleteEvents} deletes, ${duplicates} duplicates, ${reordered} out of order), ${created} created, ${deletes} deleted in the app; ` +
        `${runs.length} flow runs ${JSON.stringify(outcomes)}; ${backwards} backwards, ${resurrected} resurrected; ${seconds.toFixed(1)} s`,
    );
    expect(runs.filter((flowRun) => flowRun.status !== 'succeeded')).toEqual([]);
    expect(backwards).toBe(0);
    expect(resurrected).toBe(0);

    // The receiver ends equal to the app: every live user with its latest version and data, every deleted one deleted.
    const users = app.users.all();
    const liveRows = [...rows].filter(([, row]) => !row.deleted).map(([id]) => id).sort();
    expect(liveRows).toEqual(users.map((user) => user.id).sort());
    for (const user of users) {
      expect(rows.get(user.id)).toEqual({ version: Date.parse(user.updated_at), deleted: false, title: user.job_title });
    }
    const deletedIds = [...rows].filter(([, row]) => row.deleted).map(([id]) => id);
    expect(deletedIds).toHaveLength(deletes);
  }, 120_000);
});

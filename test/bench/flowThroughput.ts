/**
 * BENCH flow-throughput: change events through the engine in process, each one
 * fetch (by id) + map + deliver, from webhook receipt to the destination's
 * acknowledgement. The app is played by an in-process fetch (no network).
 */
import { createEngine, type ConnectorDefinition } from '../../src/engine/index.ts';
import { benchConnector, benchRecord, fakeAppFetch } from './fakeApp.ts';
import { settle } from './engineRun.ts';

/** One event per record, each announcing a newer version than the import delivered: every event is fetched, mapped and delivered. */
const RECORDS = 20_000;
const EVENTS = RECORDS;
const PER_DELIVERY = 50;
export const BENCH_WEBHOOK_TOKEN = 'bench-webhook-token';
const BASE_TIME = Date.UTC(2025, 0, 1);

/** The bench app with a record endpoint and token-checked webhooks announcing `updated` events. */
export function webhookBenchConnector(): ConnectorDefinition {
  const base = benchConnector(100);
  const users = base.collections.users!;
  return {
    ...base,
    webhooks: { verify: { type: 'token', header: 'X-Token' }, secret: { from: 'credential', field: 'apiKey' } },
    collections: {
      users: {
        ...users,
        get: { path: '/users/{id}' },
        events: { type: 'webhook', eventsPath: 'events', typePath: 'type', types: { updated: 'record-updated' }, recordIdPath: 'id', versionPath: 'version' },
      },
    },
  };
}

/** The bench app whose records change: `bump` makes a record's next version and returns it, as its webhook event would carry it. */
export function changingBenchApp(count: number): { fetch: typeof globalThis.fetch; bump(index: number): string } {
  // Each record's current version, bumped as events are made.
  const versions = new Array<number>(count).fill(0);
  const list = fakeAppFetch({ count });
  const versionOf = (index: number) => new Date(BASE_TIME + (versions[index] ?? 0)).toISOString();
  return {
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const match = /^\/users\/u(\d+)$/.exec(url.pathname);
      if (!match) return list(input, init);
      const index = Number(match[1]);
      const record = { ...benchRecord(index), updated_at: versionOf(index) };
      return new Response(JSON.stringify(record), { headers: { 'Content-Type': 'application/json' } });
    },
    bump(index) {
      versions[index] = (versions[index] ?? 0) + 1;
      return versionOf(index);
    },
  };
}

export async function flowThroughputBench(): Promise<string> {
  const { fetch, bump } = changingBenchApp(RECORDS);
  let delivered = 0;
  const engine = createEngine({
    connectors: [webhookBenchConnector()],
    fetch,
    destination: async (batch) => {
      delivered += batch.records.length;
    },
  });
  const connection = await engine.connect({ appId: 'bench-app', credentials: { type: 'api-key', apiKey: BENCH_WEBHOOK_TOKEN } });
  const ref = { connectionId: connection.id, collection: 'users' };
  const run = await settle(engine, (await engine.startImport(ref)).id);
  if (run.status !== 'succeeded') throw new Error(`flow bench import ${run.status}: ${run.error?.message}`);
  delivered = 0;

  const started = performance.now();
  for (let sent = 0; sent < EVENTS; sent += PER_DELIVERY) {
    const events = [];
    for (let i = 0; i < PER_DELIVERY; i += 1) {
      const index = sent + i;
      events.push({ type: 'updated', id: `u${index}`, version: bump(index) });
    }
    await engine.receiveWebhook({ connectionId: connection.id, headers: { 'X-Token': BENCH_WEBHOOK_TOKEN }, body: JSON.stringify({ events }) });
  }
  while ((await engine.getFlow(ref)).queueDepth > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  const seconds = (performance.now() - started) / 1000;
  await engine.dispose();
  if (delivered !== EVENTS) throw new Error(`flow bench delivered ${delivered} of ${EVENTS} events`);
  return `BENCH flow-throughput events_per_s=${Math.round(EVENTS / seconds)}`;
}

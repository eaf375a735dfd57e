/**
 * `npm run bench`: prints one line per benchmark, `BENCH <name> <key>=<number> …`.
 * The mocked app is served by an in-memory fetch (no msw, no network), so the
 * figures measure the engine: paging, mapping, hashing and delivery.
 */
import { performance } from 'node:perf_hooks';
import { compileMapping, createEngine, type Engine, type FieldMapping, type RunSnapshot } from '../../src/engine/index.ts';
import { relayCrmConnector } from '../../mocks/index.ts';

const PAGE_SIZE = 100;

function makeUsers(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    id: `usr_${index}`,
    first_name: `First${index % 97}`,
    last_name: `Last${index % 89}`,
    email: `user${index}@example.test`,
    job_title: 'Engineer',
    address: { city: 'Lisbon', country: 'PT' },
    created_at: '2024-03-01T10:00:00.000Z',
    updated_at: `2024-03-02T10:00:${String(index % 60).padStart(2, '0')}.000Z`,
  }));
}

/** Answers Relay CRM's /users the way its API does: `limit` plus an offset cursor. */
function fakeRelayFetch(users: ReturnType<typeof makeUsers>): typeof fetch {
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.endsWith('/me')) return Response.json({ account: { id: 'acc' } });
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const data = users.slice(offset, offset + PAGE_SIZE);
    const end = offset + data.length;
    return Response.json({ data, has_more: end < users.length, next_cursor: end < users.length ? String(end) : null });
  };
}

function settle(engine: Engine, runId: string): Promise<RunSnapshot> {
  return new Promise((resolve) => {
    const off = engine.subscribe((event) => {
      if (event.type === 'run.changed' && event.run.id === runId && ['succeeded', 'failed', 'cancelled'].includes(event.run.status)) {
        off();
        resolve(event.run);
      }
    });
  });
}

async function fullImport(count: number): Promise<string> {
  const users = makeUsers(count);
  const connector = { ...relayCrmConnector, collections: { users: { ...relayCrmConnector.collections.users!, list: { ...relayCrmConnector.collections.users!.list, pagination: { type: 'cursor' as const, cursorPath: 'next_cursor', param: { in: 'query' as const, name: 'cursor' }, limit: { param: 'limit', value: PAGE_SIZE } } } } } };
  let delivered = 0;
  let peakHeap = 0;
  const engine = createEngine({
    connectors: [connector],
    fetch: fakeRelayFetch(users),
    destination: async (batch) => {
      delivered += batch.records.length;
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    },
  });
  const connection = await engine.connect({ appId: 'relay-crm', credentials: { type: 'api-key', apiKey: 'k' } });
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const run = await engine.startImport({ connectionId: connection.id, dataModel: 'users' });
  const done = await settle(engine, run.id);
  const ms = performance.now() - started;
  if (done.status !== 'succeeded' || delivered !== count) throw new Error(`import ended ${done.status} with ${delivered}/${count}`);
  const perSecond = Math.round((count / ms) * 1000);
  const heapGrowthMb = (Math.max(0, peakHeap - heapBefore) / 1024 / 1024).toFixed(1);
  return `BENCH full-import-${count / 1000}k records=${count} pages=${done.counters.pages} ms=${ms.toFixed(0)} records_per_s=${perSecond} peak_heap_growth_mb=${heapGrowthMb}`;
}

function mappingThroughput(count: number): string {
  const mapping: FieldMapping = relayCrmConnector.collections.users!.defaultMapping!;
  const map = compileMapping(mapping, {
    fields: [
      { key: 'id', type: 'string', required: true },
      { key: 'name', type: 'string', required: true },
      { key: 'email', type: 'string', required: true },
      { key: 'title', type: 'string' },
      { key: 'createdAt', type: 'date' },
    ],
  });
  const users = makeUsers(10_000);
  let ok = 0;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) if (map(users[i % users.length]).ok) ok += 1;
  const ms = performance.now() - started;
  if (ok !== count) throw new Error('mapping failed');
  return `BENCH map-records records=${count} ms=${ms.toFixed(0)} records_per_s=${Math.round((count / ms) * 1000)}`;
}

console.log(mappingThroughput(1_000_000));
console.log(await fullImport(10_000));
console.log(await fullImport(100_000));

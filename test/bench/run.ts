/**
 * `npm run bench`: one line per benchmark, `BENCH <name> <key>=<number> …`.
 * Apps are played by in-process fetches (no msw, no network), so the figures
 * measure the engine. Each timing is the best of a few runs after a warm-up.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { compileMapping, type FieldMapping } from '../../src/engine/index.ts';
import { engineImport } from './engineRun.ts';
import { BENCH_BASE, benchConnector, benchRecord, fakeAppFetch } from './fakeApp.ts';
import { flowLatencyBench } from './flowLatency.ts';
import { flowThroughputBench } from './flowThroughput.ts';
import { mappingVsJsonataBench } from './mappingVsJsonata.ts';
import { rateLimitBench } from './rateLimit.ts';

/** The same fetch, parse, map and deliver, written by hand as a host might. */
async function handWrittenImport(count: number, pageSize: number, sink: (records: unknown[]) => Promise<void>): Promise<number> {
  const fetch = fakeAppFetch({ count });
  const started = performance.now();
  let cursor: string | null = null;
  do {
    const url = new URL(`${BENCH_BASE}/users`);
    url.searchParams.set('limit', String(pageSize));
    if (cursor) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, { headers: { Authorization: 'Bearer k' } });
    const body = (await response.json()) as { data: ReturnType<typeof benchRecord>[]; next_cursor: string | null };
    await sink(body.data.map((r) => ({ id: r.id, name: `${r.first_name} ${r.last_name}`, email: r.email, title: r.job_title, createdAt: r.created_at })));
    cursor = body.next_cursor;
  } while (cursor);
  return performance.now() - started;
}

async function importOverhead(): Promise<string> {
  const count = 100_000;
  const pageSize = 100;
  let sunk = 0;
  const measureHand = () => handWrittenImport(count, pageSize, async (records) => void (sunk += records.length));
  const measureEngine = async () => (await engineImport({ count, pageSize }, async (batch) => void (sunk += batch.records.length))).ms;
  await measureHand();
  await measureEngine();
  // Interleaved, so a machine that slows down or speeds up meanwhile weighs on both alike.
  let hand = Number.POSITIVE_INFINITY;
  let engine = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round += 1) {
    hand = Math.min(hand, await measureHand());
    engine = Math.min(engine, await measureEngine());
  }
  return `BENCH import-overhead ratio=${(engine / hand).toFixed(2)} engine_ms=${engine.toFixed(0)} hand_ms=${hand.toFixed(0)} records=${count}`;
}

async function importPipelining(): Promise<string> {
  const count = 20_000;
  const pageSize = 100;
  const latency = 20;
  const pages = count / pageSize;
  const { ms } = await engineImport({ count, pageSize, latencyMs: latency }, () => new Promise((resolve) => setTimeout(resolve, latency)));
  const serial = pages * latency;
  return `BENCH import-pipelining ratio=${(ms / serial).toFixed(3)} wall_ms=${ms.toFixed(0)} fetch_ms=${serial} deliver_ms=${serial} pages=${pages}`;
}

/** Peak RSS growth of an import in a fresh process, so one measurement cannot colour another. */
function memoryGrowth(count: number): number {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/memory.ts', String(count)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`memory bench failed: ${child.stderr}`);
  return Number(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}').growthMb);
}

/** The median of three fresh processes: one process's peak depends on where V8's GC cycle happens to be. */
function medianGrowth(count: number): number {
  const runs = [memoryGrowth(count), memoryGrowth(count), memoryGrowth(count)].sort((a, b) => a - b);
  return runs[1] ?? Number.NaN;
}

function importMemory(): string {
  const small = medianGrowth(100_000);
  const large = medianGrowth(1_000_000);
  return `BENCH import-memory growth_mb=${large.toFixed(1)} ratio=${(large / small).toFixed(2)} growth_100k_mb=${small.toFixed(1)} records=1000000`;
}

function mappingThroughput(count: number): string {
  const connector = benchConnector(100);
  const mapping: FieldMapping = connector.collections.users!.defaultMapping!;
  const map = compileMapping(mapping, {
    fields: [
      { key: 'id', type: 'string', required: true },
      { key: 'name', type: 'string', required: true },
      { key: 'email', type: 'string', required: true },
      { key: 'title', type: 'string' },
      { key: 'createdAt', type: 'date' },
    ],
  });
  const records = Array.from({ length: 10_000 }, (_, i) => benchRecord(i));
  let ok = 0;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) if (map(records[i % records.length]).ok) ok += 1;
  const ms = performance.now() - started;
  if (ok !== count) throw new Error('mapping failed');
  return `BENCH map-records records=${count} ms=${ms.toFixed(0)} records_per_s=${Math.round((count / ms) * 1000)}`;
}

const benches: [name: string, run: () => string | Promise<string>][] = [
  ['map-records', () => mappingThroughput(1_000_000)],
  ['mapping-vs-jsonata', mappingVsJsonataBench],
  ['import-overhead', importOverhead],
  ['import-pipelining', importPipelining],
  ['import-memory', importMemory],
  ['rate-limit', rateLimitBench],
  ['flow-throughput', flowThroughputBench],
  ['flow-latency', flowLatencyBench],
];

// `npm run bench -- import-overhead import-memory` runs only those.
const only = process.argv.slice(2);
const unknown = only.filter((name) => !benches.some(([known]) => known === name));
if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${benches.map(([name]) => name).join(', ')}`);
for (const [name, run] of benches) if (only.length === 0 || only.includes(name)) console.log(await run());

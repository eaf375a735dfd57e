/**
 * The import benchmarks: import-overhead, import-pipelining, import-memory,
 * and the mapping's own throughput (map-records).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { compileMapping, type FieldMapping } from '../../src/engine/index.ts';
import { engineImport } from './engineRun.ts';
import { BENCH_BASE, benchConnector, benchRecord, fakeAppFetch } from './fakeApp.ts';

/** The same fetch, parse, map and deliver, written by hand as a host might: one page at a time, nothing else. */
export async function handWrittenImport(count: number, pageSize: number, sink: (records: unknown[]) => Promise<void>, fetch = fakeAppFetch({ count })): Promise<number> {
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

export async function importOverhead(): Promise<string> {
  const count = 100_000;
  const pageSize = 100;
  let sunk = 0;
  const measureHand = () => handWrittenImport(count, pageSize, async (records) => void (sunk += records.length));
  const measureEngine = async () => (await engineImport({ count, pageSize }, async (batch) => void (sunk += batch.records.length))).ms;
  await measureHand();
  await measureEngine();
  // Paired rounds: the hand loop, then the engine, back to back. The machine's speed drifts over a run
  // (a shared host), and a pair sees the same speed; the median pair ratio is the figure.
  const ratios: number[] = [];
  let hand = Number.POSITIVE_INFINITY;
  let engine = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 11; round += 1) {
    const handMs = await measureHand();
    const engineMs = await measureEngine();
    ratios.push(engineMs / handMs);
    hand = Math.min(hand, handMs);
    engine = Math.min(engine, engineMs);
  }
  const ratio = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)] ?? Number.NaN;
  return `BENCH import-overhead ratio=${ratio.toFixed(2)} engine_ms=${engine.toFixed(0)} hand_ms=${hand.toFixed(0)} records=${count} page_size=${pageSize}`;
}

export async function importPipelining(): Promise<string> {
  const count = 20_000;
  const pageSize = 100;
  const latency = 20;
  const pages = count / pageSize;
  const { ms } = await engineImport({ count, pageSize, latencyMs: latency }, () => new Promise((resolve) => setTimeout(resolve, latency)));
  const serial = pages * latency;
  return `BENCH import-pipelining ratio=${(ms / serial).toFixed(3)} wall_ms=${ms.toFixed(0)} fetch_ms=${serial} deliver_ms=${serial} pages=${pages}`;
}

/** Runs the memory benchmark's child, a fresh process, so one measurement cannot colour another. */
function memoryChild(count: number, mode: 'engine' | 'hand' | 'live'): { growthMb?: number; liveMb?: number[] } {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/memory.ts', String(count), mode], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`memory bench failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { growthMb?: number; liveMb?: number[] };
}

/**
 * The median of five fresh processes' peak RSS growth: one process's peak depends on where V8's GC cycle
 * happens to be when a page lands, and single runs of one configuration spread from about 30 to 70 MB.
 */
function medianGrowth(count: number, importer: 'engine' | 'hand'): number {
  const runs = Array.from({ length: 5 }, () => Number(memoryChild(count, importer).growthMb)).sort((a, b) => a - b);
  return runs[2] ?? Number.NaN;
}

/**
 * The engine's figures, then the same figures for the hand-written loop over the same server: the loop
 * holds one page at a time and nothing else, so its growth is what Node's fetch, JSON.parse and V8's
 * heap sizing cost on their own, the floor under any importer in this runtime. Last, what the engine
 * holds: the live heap after a full GC at 100,000 records delivered and at 1,000,000, in one import.
 */
export function importMemory(): string {
  const small = medianGrowth(100_000, 'engine');
  const large = medianGrowth(1_000_000, 'engine');
  const handSmall = medianGrowth(100_000, 'hand');
  const handLarge = medianGrowth(1_000_000, 'hand');
  const live = memoryChild(1_000_000, 'live').liveMb ?? [];
  const [liveSmall = Number.NaN, liveLarge = Number.NaN] = [live[0], live.at(-1)];
  return [
    `BENCH import-memory growth_mb=${large.toFixed(1)} ratio=${(large / small).toFixed(2)} growth_100k_mb=${small.toFixed(1)} records=1000000`,
    `hand_growth_mb=${handLarge.toFixed(1)} hand_ratio=${(handLarge / handSmall).toFixed(2)} hand_growth_100k_mb=${handSmall.toFixed(1)}`,
    `live_100k_mb=${liveSmall.toFixed(1)} live_1m_mb=${liveLarge.toFixed(1)}`,
  ].join(' ');
}

export function mappingThroughput(count: number): string {
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

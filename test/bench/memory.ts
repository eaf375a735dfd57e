/**
 * Child process of the import-memory benchmark: imports `argv[2]` records with
 * the engine, or with the hand-written loop when `argv[3]` is `hand`, and
 * prints its peak RSS growth. With `argv[3]` `live` it imports with the engine
 * and prints instead the live heap (after a full GC) at every 100,000 records
 * delivered: what the engine holds, apart from what V8 has yet to collect.
 *
 * The app runs in a process of its own and is reached over HTTP on loopback,
 * as apps are: this process holds the importer, Node's HTTP client and nothing
 * else, so its memory is the importer's. (With the app in process, its own page
 * strings, 250 KB each, dominate the figure.) A small import first warms the
 * code and the connection; the baseline is taken after it, a full GC, and
 * the RSS settling (pages a GC frees go back to the system over a few hundred
 * ms; without waiting, the baseline varied by 20 MB from run to run).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { BENCH_BASE } from './fakeApp.ts';
import { engineImport } from './engineRun.ts';
import { handWrittenImport } from './importBench.ts';

const count = Number(process.argv[2]);
const byHand = process.argv[3] === 'hand';
const sampleLive = process.argv[3] === 'live';
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');

/** RSS once it has stopped falling: freed pages go back to the system over a few hundred ms after a GC. */
async function settledRss(): Promise<number> {
  let last = process.memoryUsage().rss;
  for (let i = 0; i < 40; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = process.memoryUsage().rss;
    if (Math.abs(now - last) < 256 * 1024) return Math.min(now, last);
    last = now;
  }
  return last;
}
const app = spawn(process.execPath, ['--import', 'tsx', 'test/bench/appServer.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const [line] = (await once(app.stdout, 'data')) as [Buffer];
  const { port } = JSON.parse(String(line)) as { port: number };
  const overLoopback = (records: number): typeof fetch => (input, init) => fetch(String(input).replace(BENCH_BASE, `http://127.0.0.1:${port}/${records}`), init);

  const importRecords = async (records: number, receive: (batch: readonly unknown[]) => void) => {
    if (byHand) await handWrittenImport(records, 1000, async (batch) => receive(batch), overLoopback(records));
    else await engineImport({ count: records, pageSize: 1000 }, async (batch) => receive(batch.records), { fetch: overLoopback(records) });
  };
  await importRecords(10_000, () => {});
  gc();
  const before = await settledRss();
  let peak = before;
  const liveMb: number[] = [];
  let received = 0;
  await importRecords(count, (batch) => {
    // The receiver keeps nothing: what grows is the importer's.
    received += batch.length;
    if (!sampleLive) peak = Math.max(peak, process.memoryUsage().rss);
    else if (received % 100_000 === 0) {
      // Forced collections change where the peak falls, so a live run reports no peak.
      gc();
      liveMb.push(process.memoryUsage().heapUsed / 1024 / 1024);
    }
  });
  if (received !== count) throw new Error(`received ${received} of ${count}`);
  console.log(JSON.stringify(sampleLive ? { liveMb } : { growthMb: (peak - before) / 1024 / 1024 }));
} finally {
  app.kill();
}

/** Child process of the import-memory benchmark: imports `argv[2]` records and prints its peak RSS growth. */
import { engineImport } from './engineRun.ts';

const count = Number(process.argv[2]);
globalThis.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
let received = 0;
await engineImport({ count, pageSize: 1000 }, async (batch) => {
  // The receiver keeps nothing: what grows is the engine's.
  received += batch.records.length;
  peak = Math.max(peak, process.memoryUsage().rss);
});
if (received !== count) throw new Error(`received ${received} of ${count}`);
console.log(JSON.stringify({ growthMb: (peak - before) / 1024 / 1024 }));

/**
 * `npm run bench`: one line per benchmark, `BENCH <name> <key>=<number> …`.
 * Apps are played by in-process fetches (no msw, no network), so the figures
 * measure the engine. Timings come after a warm-up; each benchmark says how it
 * takes its figure (best of a few runs, a median of paired rounds).
 *
 * Each benchmark runs in a process of its own that loads only its own
 * modules: in one shared process, the heap an earlier benchmark left (a
 * million mapped records, JSONata, msw, SQLite) slowed the ones after it,
 * the engine more than the hand-written loop it is compared with, since it
 * allocates more. `npm run bench -- import-overhead import-memory` runs only
 * those.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches: Record<string, () => Promise<string>> = {
  'map-records': async () => (await import('./importBench.ts')).mappingThroughput(1_000_000),
  'mapping-vs-jsonata': async () => (await import('./mappingVsJsonata.ts')).mappingVsJsonataBench(),
  'import-overhead': async () => (await import('./importBench.ts')).importOverhead(),
  'import-pipelining': async () => (await import('./importBench.ts')).importPipelining(),
  'import-memory': async () => (await import('./importBench.ts')).importMemory(),
  'rate-limit': async () => (await import('./rateLimit.ts')).rateLimitBench(),
  'flow-throughput': async () => (await import('./flowThroughput.ts')).flowThroughputBench(),
  'flow-latency': async () => (await import('./flowLatency.ts')).flowLatencyBench(),
};

const args = process.argv.slice(2);
if (args[0] === '--one' && args[1] !== undefined) {
  // The child: one benchmark, in this process.
  const run = benches[args[1]];
  if (!run) throw new Error(`unknown benchmark ${args[1]}`);
  console.log(await run());
} else {
  const only = args;
  const unknown = only.filter((name) => !(name in benches));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  for (const name of Object.keys(benches)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--one', name], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}

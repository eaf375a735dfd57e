/**
 * BENCH flow-latency: from an app's webhook arriving at the server's intake
 * route to the record reaching the destination, through the hosted engine on
 * the SQLite store (a file, WAL) behind a Node HTTP server on loopback. One
 * event at a time, so each figure is one event's own latency, not a queue's.
 * The app's record reads are answered in process: the figure is the server's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineHost, createRequestHandler, createSqliteStores, toNodeListener } from '../../src/server/index.ts';
import { settle } from './engineRun.ts';
import { BENCH_WEBHOOK_TOKEN, changingBenchApp, webhookBenchConnector } from './flowThroughput.ts';

const RECORDS = 2_000;
const WARM_UP = 100;
const EVENTS = 1_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function flowLatencyBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-'));
  const app = changingBenchApp(RECORDS);
  const waiting = new Map<string, () => void>();
  const stores = createSqliteStores({ path: join(dir, 'bench.db') });
  const host = createEngineHost({
    stores,
    connectors: [webhookBenchConnector()],
    fetch: app.fetch,
    destination: () => async (batch) => {
      for (const record of batch.records) waiting.get(record.id)?.();
    },
  });
  const handler = createRequestHandler({ host, authenticate: () => 'bench' });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${handler.basePath}`;
  try {
    const engine = host.engineFor('bench');
    const connection = await engine.connect({ appId: 'bench-app', credentials: { type: 'api-key', apiKey: BENCH_WEBHOOK_TOKEN } });
    const run = await settle(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    if (run.status !== 'succeeded') throw new Error(`flow-latency import ${run.status}: ${run.error?.message}`);

    const latencies: number[] = [];
    for (let i = 0; i < WARM_UP + EVENTS; i += 1) {
      const index = i % RECORDS;
      const id = `u${index}`;
      const body = JSON.stringify({ events: [{ type: 'updated', id, version: app.bump(index) }] });
      const delivered = new Promise<void>((resolve) => waiting.set(id, resolve));
      const started = performance.now();
      const response = await fetch(`${base}/webhooks/${connection.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Token': BENCH_WEBHOOK_TOKEN }, body });
      if (response.status !== 200) throw new Error(`flow-latency intake answered ${response.status}: ${await response.text()}`);
      await delivered;
      if (i >= WARM_UP) latencies.push(performance.now() - started);
      waiting.delete(id);
    }
    latencies.sort((a, b) => a - b);
    return `BENCH flow-latency p50_ms=${percentile(latencies, 50).toFixed(2)} p99_ms=${percentile(latencies, 99).toFixed(2)} max_ms=${(latencies.at(-1) ?? 0).toFixed(2)} events=${EVENTS} store=sqlite`;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await host.dispose();
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

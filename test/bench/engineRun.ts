import { createEngine, type Destination, type Engine, type EngineOptions, type RunSnapshot } from '../../src/engine/index.ts';
import { benchConnector, fakeAppFetch, type FakeAppOptions } from './fakeApp.ts';

/** Resolves with the run once it has finished. */
export function settle(engine: Engine, runId: string): Promise<RunSnapshot> {
  return new Promise((resolve) => {
    const off = engine.subscribe((event) => {
      if (event.type === 'run.changed' && event.run.id === runId && ['succeeded', 'failed', 'cancelled'].includes(event.run.status)) {
        off();
        resolve(event.run);
      }
    });
  });
}

/** Runs one full import of the fake app through the engine; resolves with the finished run and its wall time. */
export async function engineImport(app: FakeAppOptions & { pageSize: number }, destination: Destination, extra: Partial<EngineOptions> = {}) {
  const engine = createEngine({ connectors: [benchConnector(app.pageSize)], fetch: fakeAppFetch(app), destination, ...extra });
  const connection = await engine.connect({ appId: 'bench-app', credentials: { type: 'api-key', apiKey: 'k' } });
  const started = performance.now();
  const queued = await engine.startImport({ connectionId: connection.id, dataModel: 'users' });
  const run = await settle(engine, queued.id);
  const ms = performance.now() - started;
  if (run.status !== 'succeeded') throw new Error(`bench import ${run.status}: ${run.error?.message}`);
  return { run, ms };
}

import { describe, expect, it } from 'vitest';
import { createMemoryStore, createSimulatedClock, type RunSnapshot } from '../../src/engine/index.ts';
import { RunTracker } from '../../src/engine/runs/runTracker.ts';

function newRun(): RunSnapshot {
  return {
    id: 'run_1',
    revision: 0,
    kind: 'import',
    dataSource: { connectionId: 'c', collection: 'users' },
    status: 'running',
    createdAt: 0,
    counters: { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 },
    skipped: [],
    log: [],
  };
}

describe('run progress', () => {
  it('coalesces page progress to one write per interval, flushes the rest by timer, and writes other changes at once', async () => {
    const clock = createSimulatedClock();
    const store = createMemoryStore();
    const announced: RunSnapshot[] = [];
    const tracker = new RunTracker(newRun(), { store, clock, announce: (run) => announced.push(run), progressIntervalMs: 100 });
    const page = () => tracker.progress({ ...tracker.run.counters, pages: tracker.run.counters.pages + 1 }, tracker.run.skipped);

    await page();
    await page();
    await page();
    expect(announced.map((run) => run.counters.pages)).toEqual([1]);
    expect(tracker.run.counters.pages).toBe(3);
    expect((await store.getRun('run_1'))?.counters.pages).toBe(1);

    await clock.advance(100);
    expect(announced.map((run) => run.counters.pages)).toEqual([1, 3]);
    expect((await store.getRun('run_1'))?.counters.pages).toBe(3);

    await clock.advance(100);
    await page();
    await page();
    // A status change is written at once and takes the pending progress with it.
    await tracker.update(() => ({ status: 'succeeded' }), { level: 'info', message: 'done' });
    expect(announced.map((run) => [run.counters.pages, run.status])).toEqual([[1, 'running'], [3, 'running'], [4, 'running'], [5, 'succeeded']]);
    expect(clock.pending()).toBe(0);
    // Every snapshot has a later revision than the one before.
    expect(announced.map((run) => run.revision)).toEqual([...announced.map((run) => run.revision)].sort((a, b) => a - b));
  });
});

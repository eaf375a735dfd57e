import type { Clock } from './clock.ts';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock whose time moves only when told, so backoff, rate limits and schedules cost no real time in tests. */
export interface SimulatedClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order and letting the work they start settle in between. */
  advance(ms: number): Promise<void>;
  /**
   * Lets pending work settle, then jumps to each next timer until `promise` settles; returns its result.
   * Throws if it is still pending after `maxMs` of simulated time.
   */
  run<T>(promise: Promise<T>, maxMs?: number): Promise<T>;
  /** Timers not yet fired. */
  pending(): number;
}

/** Gives queued promise callbacks and real I/O callbacks a chance to run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
  }
}

export function createSimulatedClock(start = Date.UTC(2026, 0, 1)): SimulatedClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  const earliest = (): Timer | undefined => {
    let first: Timer | undefined;
    for (const timer of timers.values()) if (!first || timer.at < first.at || (timer.at === first.at && timer.id < first.id)) first = timer;
    return first;
  };

  async function fireNext(limit: number): Promise<boolean> {
    const timer = earliest();
    if (!timer || timer.at > limit) return false;
    timers.delete(timer.id);
    now = Math.max(now, timer.at);
    timer.callback();
    await settle();
    return true;
  }

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId;
      nextId += 1;
      timers.set(id, { id, at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    async advance(ms) {
      const target = now + ms;
      await settle();
      while (await fireNext(target));
      now = target;
    },
    async run(promise, maxMs = 24 * 3600 * 1000) {
      let done = false;
      const watched = promise.finally(() => {
        done = true;
      });
      watched.catch(() => undefined);
      const limit = now + maxMs;
      await settle();
      while (!done) {
        if (!(await fireNext(limit))) {
          // Nothing due: real work (I/O) may still be under way, so wait for it before giving up.
          for (let round = 0; round < 500 && !done && !earliest(); round += 1) await settle();
          if (done) break;
          if (!earliest()) throw new Error('simulated clock: nothing scheduled, yet the promise is still pending');
          if ((earliest()?.at ?? Infinity) > limit) throw new Error(`simulated clock: still pending after ${maxMs} ms`);
        }
      }
      return watched;
    },
  };
}

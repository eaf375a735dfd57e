import type { Clock } from '../clock.ts';
import type { RunLogEntry, RunSnapshot, SkippedRecord } from '../engine.types.ts';
import type { Store } from '../store/store.types.ts';

const MAX_LOG = 200;
const MAX_SKIPPED = 100;

/**
 * Owns one run's snapshot: every change makes a new immutable snapshot,
 * writes it to the store and announces it.
 */
export class RunTracker {
  #run: RunSnapshot;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #announce: (run: RunSnapshot) => void;

  constructor(run: RunSnapshot, deps: { store: Store; clock: Clock; announce: (run: RunSnapshot) => void }) {
    this.#run = run;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#announce = deps.announce;
  }

  get run(): RunSnapshot {
    return this.#run;
  }

  async update(change: (run: RunSnapshot) => Partial<RunSnapshot>, log?: Omit<RunLogEntry, 'at'>): Promise<RunSnapshot> {
    const next: RunSnapshot = { ...this.#run, ...change(this.#run), revision: this.#run.revision + 1 };
    if (log) next.log = [...next.log, { at: this.#clock.now(), ...log }].slice(-MAX_LOG);
    this.#run = next;
    await this.#store.putRun(next);
    this.#announce(next);
    return next;
  }

  /** Appends skipped records, keeping the most recent ones. */
  static withSkipped(run: RunSnapshot, skipped: SkippedRecord[]): SkippedRecord[] {
    return skipped.length === 0 ? run.skipped : [...run.skipped, ...skipped].slice(-MAX_SKIPPED);
  }
}

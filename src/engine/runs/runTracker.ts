import type { Clock } from '../clock.ts';
import type { RunCounters, RunLogEntry, RunSnapshot, SkippedRecord } from '../engine.types.ts';
import type { Store } from '../store/store.types.ts';

const MAX_LOG = 200;
const MAX_SKIPPED = 100;

export interface RunTrackerDeps {
  store: Store;
  clock: Clock;
  announce: (run: RunSnapshot) => void;
  /** Progress (counters only) is written and announced at most this often; anything else at once. @default 100 */
  progressIntervalMs?: number;
}

/**
 * Owns one run's snapshot: every change makes a new immutable snapshot,
 * writes it to the store and announces it.
 *
 * Page-by-page progress is coalesced: at most one write and one announcement
 * per `progressIntervalMs`, and a pending one is flushed by a timer or by the
 * next `update`. A fast import then costs the store and every subscriber
 * (over a network, with a hosted engine) a handful of writes a second, not one
 * per page. Nothing is lost by it: the checkpoint, written per page, carries
 * the counters a resumed run starts from.
 */
export class RunTracker {
  #run: RunSnapshot;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #announce: (run: RunSnapshot) => void;
  readonly #interval: number;
  #written = Number.NEGATIVE_INFINITY;
  #timer: unknown;

  constructor(run: RunSnapshot, deps: RunTrackerDeps) {
    this.#run = run;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#announce = deps.announce;
    this.#interval = deps.progressIntervalMs ?? 100;
  }

  get run(): RunSnapshot {
    return this.#run;
  }

  /** Changes the run and writes and announces it at once. */
  async update(change: (run: RunSnapshot) => Partial<RunSnapshot>, log?: Omit<RunLogEntry, 'at'>): Promise<RunSnapshot> {
    const next = this.#change(change);
    if (log) next.log = [...next.log, { at: this.#clock.now(), ...log }].slice(-MAX_LOG);
    await this.#write();
    return next;
  }

  /**
   * Sets the run's counters and skipped records; written and announced now, or
   * coalesced with what follows. The one change made on every page, so it
   * makes its snapshot without a change function.
   */
  async progress(counters: RunCounters, skipped: SkippedRecord[]): Promise<RunSnapshot> {
    const run = this.#run;
    const next: RunSnapshot = { ...run, counters, skipped, revision: run.revision + 1 };
    this.#run = next;
    const wait = this.#written + this.#interval - this.#clock.now();
    if (wait <= 0) await this.#writeProgress();
    else if (this.#timer === undefined) {
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = undefined;
        // A failed write here is made good by the next one; the checkpoint holds the truth meanwhile.
        this.#writeProgress().catch(() => undefined);
      }, wait);
    }
    return next;
  }

  /** Changes the run in memory only: the next `update` writes and announces it (a flow run's steps, written when it ends). */
  amend(change: (run: RunSnapshot) => Partial<RunSnapshot>): RunSnapshot {
    return this.#change(change);
  }

  #change(change: (run: RunSnapshot) => Partial<RunSnapshot>): RunSnapshot {
    this.#run = { ...this.#run, ...change(this.#run), revision: this.#run.revision + 1 };
    return this.#run;
  }

  /**
   * Only progress writes start the interval: a status change just before
   * (`running`) does not hold back the first page's progress, which a person
   * watching should see at once.
   */
  #writeProgress(): Promise<void> {
    this.#written = this.#clock.now();
    return this.#write();
  }

  async #write(): Promise<void> {
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const run = this.#run;
    await this.#store.putRun(run);
    this.#announce(run);
  }

  /** Appends skipped records, keeping the most recent ones. */
  static withSkipped(run: RunSnapshot, skipped: SkippedRecord[]): SkippedRecord[] {
    return skipped.length === 0 ? run.skipped : [...run.skipped, ...skipped].slice(-MAX_SKIPPED);
  }
}

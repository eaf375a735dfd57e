/**
 * A mocked app's records as mutable state: tests and stories create, update
 * and delete records while the app is being imported from, as a user of the
 * real app would, and each change is announced (to emit webhooks).
 */

export type RecordChangeType = 'created' | 'updated' | 'deleted';

export interface RecordChange<T> {
  type: RecordChangeType;
  id: string;
  /** The record after the change; for a delete, as it was. */
  record: T;
  /** When it happened, epoch ms: strictly later than the change before it. */
  at: number;
}

export interface LiveRecords<T> {
  /** Every record, in creation order. */
  all(): T[];
  get(id: string): T | undefined;
  /** The record as it was before its latest change (a deleted record's last version too); undefined for one never changed. */
  previous(id: string): T | undefined;
  readonly size: number;
  /** Adds the record `make` gives for the change time (its id must be new) and returns it. */
  create(make: (at: number) => T): T;
  /** Changes a record; `change` gets a copy and the change time and returns the new record. */
  update(id: string, change: (record: T, at: number) => T): T;
  /** Removes a record and returns it as it was. */
  remove(id: string): T;
  /** Called after every change; returns a function that stops it. */
  onChange(listener: (change: RecordChange<T>) => void): () => void;
}

export interface LiveRecordsOptions<T> {
  idOf: (record: T) => string;
  /** The app's clock. @default Date.now */
  now?: () => number;
  /**
   * The smallest step between two changes' times: an app that writes times
   * in whole seconds needs 1000, or two quick changes would share a time.
   * @default 1
   */
  stepMs?: number;
  /** Stamps a created or updated record with the change time (its updated-at), as the app would. */
  touch?: (record: T, at: number) => T;
}

export function createLiveRecords<T>(initial: readonly T[], options: LiveRecordsOptions<T>): LiveRecords<T> {
  const records = new Map<string, T>();
  for (const record of initial) records.set(options.idOf(record), record);
  const listeners = new Set<(change: RecordChange<T>) => void>();
  const before = new Map<string, T>();
  const now = options.now ?? Date.now;
  const step = options.stepMs ?? 1;
  const touch = options.touch ?? ((record: T) => record);
  let last = Number.NEGATIVE_INFINITY;
  // Versions are times: two changes must never share one, or the later would look like a duplicate.
  const tick = () => {
    last = Math.max(now(), last + step);
    return last;
  };
  const announce = (change: RecordChange<T>) => {
    for (const listener of [...listeners]) listener(change);
  };
  const existing = (id: string) => {
    const record = records.get(id);
    if (record === undefined) throw new Error(`No record "${id}".`);
    return record;
  };
  return {
    all: () => [...records.values()],
    get: (id) => records.get(id),
    previous: (id) => before.get(id),
    get size() {
      return records.size;
    },
    create(make) {
      const at = tick();
      const record = touch(make(at), at);
      const id = options.idOf(record);
      if (records.has(id)) throw new Error(`A record "${id}" exists already.`);
      records.set(id, record);
      announce({ type: 'created', id, record, at });
      return record;
    },
    update(id, change) {
      const at = tick();
      const old = existing(id);
      const record = touch(change(structuredClone(old), at), at);
      before.set(id, old);
      records.set(id, record);
      announce({ type: 'updated', id, record, at });
      return record;
    },
    remove(id) {
      const record = existing(id);
      before.set(id, record);
      records.delete(id);
      announce({ type: 'deleted', id, record, at: tick() });
      return record;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

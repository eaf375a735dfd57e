/** A small external store: an immutable snapshot, replaced by `set`, read with `useSyncExternalStore`. */
export interface MappingStore<T extends object> {
  get(): T;
  /** Merges `patch`; listeners hear of it only if some value in it changed. */
  set(patch: Partial<T>): void;
  subscribe(listener: () => void): () => void;
}

export function createMappingStore<T extends object>(initial: T): MappingStore<T> {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => snapshot,
    set(patch) {
      const changed = (Object.keys(patch) as (keyof T)[]).some((key) => !Object.is(patch[key], snapshot[key]));
      if (!changed) return;
      snapshot = { ...snapshot, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// errors.ts is the one engine module the client loads at run time: a dependency-free leaf.
import { toTributaryError } from '../engine/errors.ts';
import type { Resource, ResourceSnapshot } from './client.types.ts';

export interface LiveResource<T> extends Resource<T> {
  /** Replaces the data with a newer value the engine announced. */
  set(data: T): void;
}

/** A value loaded on demand, kept as an immutable snapshot with listeners. */
export function liveResource<T>(load: () => Promise<T>): LiveResource<T> {
  let snapshot: ResourceSnapshot<T> = { status: 'idle' };
  const listeners = new Set<() => void>();
  let pending: Promise<T> | undefined;
  const set = (next: ResourceSnapshot<T>): void => {
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };
  const resource: LiveResource<T> = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      if (snapshot.status === 'idle') void resource.refresh().catch(() => undefined);
      return () => {
        listeners.delete(listener);
      };
    },
    refresh() {
      if (!pending) {
        set({ ...snapshot, status: 'loading' });
        pending = load().then(
          (data) => {
            pending = undefined;
            set({ status: 'success', data });
            return data;
          },
          (thrown: unknown) => {
            pending = undefined;
            const error = toTributaryError(thrown);
            // Keeps the data (an earlier error is replaced).
            set({ ...snapshot, status: 'error', error });
            throw error;
          },
        );
      }
      return pending;
    },
    set: (data) => set({ status: 'success', data }),
  };
  return resource;
}

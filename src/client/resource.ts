// errors.ts is the one engine module the client loads at run time: a dependency-free leaf.
import { toTributaryError } from '../engine/errors.ts';
import type { Resource, ResourceSnapshot } from './client.types.ts';

/** A value loaded on demand, kept as an immutable snapshot with listeners. */
export class LiveResource<T> implements Resource<T> {
  #snapshot: ResourceSnapshot<T> = { status: 'idle' };
  readonly #listeners = new Set<() => void>();
  readonly #load: () => Promise<T>;
  #pending: Promise<T> | undefined;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  getSnapshot = (): ResourceSnapshot<T> => this.#snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#snapshot.status === 'idle') void this.refresh().catch(() => undefined);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  refresh(): Promise<T> {
    if (this.#pending) return this.#pending;
    this.#set({ ...this.#snapshot, status: 'loading' });
    const pending = this.#load().then(
      (data) => {
        this.#pending = undefined;
        this.#set({ status: 'success', data });
        return data;
      },
      (thrown: unknown) => {
        this.#pending = undefined;
        const error = toTributaryError(thrown);
        this.#set({ ...(this.#snapshot.data !== undefined ? { data: this.#snapshot.data } : {}), status: 'error', error });
        throw error;
      },
    );
    this.#pending = pending;
    return pending;
  }

  /** Replaces the data with a newer value the engine announced. */
  set(data: T): void {
    this.#set({ status: 'success', data });
  }

  #set(snapshot: ResourceSnapshot<T>): void {
    this.#snapshot = snapshot;
    for (const listener of [...this.#listeners]) listener();
  }
}

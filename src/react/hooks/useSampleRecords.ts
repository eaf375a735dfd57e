import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { TributaryClient } from '../../client/index.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { createMappingStore, type MappingStore } from '../utils/mappingStore.ts';
import { useTributaryClient } from './useTributaryClient.ts';

export type SampleRecordsStatus = 'idle' | 'loading' | 'success' | 'error';

export interface SampleRecordsSnapshot {
  /** `idle` when no collection is asked for. */
  status: SampleRecordsStatus;
  /** The records as the app returned them; kept while a reload is under way or fails. */
  records: readonly unknown[] | undefined;
  error: DisplayError | undefined;
}

export interface SampleRecordsState extends SampleRecordsSnapshot {
  /** Asks the app again (after an error, or for fresher records). */
  reload: () => void;
}

interface Entry {
  store: MappingStore<SampleRecordsSnapshot>;
  pending: boolean;
}

const IDLE: SampleRecordsSnapshot = { status: 'idle', records: undefined, error: undefined };
const noop = () => {};

// Per client, so a second look at a collection costs no request, and two clients never share records.
const caches = new WeakMap<TributaryClient, Map<string, Entry>>();

function entryFor(client: TributaryClient, key: string): Entry {
  let cache = caches.get(client);
  if (!cache) caches.set(client, (cache = new Map()));
  let entry = cache.get(key);
  if (!entry) cache.set(key, (entry = { store: createMappingStore(IDLE), pending: false }));
  return entry;
}

function load(client: TributaryClient, entry: Entry, connectionId: string, collection: string, limit: number): void {
  if (entry.pending) return;
  entry.pending = true;
  const { store } = entry;
  store.set({ status: 'loading' });
  client.sampleRecords(connectionId, collection, limit).then(
    (sample) => {
      entry.pending = false;
      store.set({ status: 'success', records: sample.records, error: undefined });
    },
    (thrown: unknown) => {
      entry.pending = false;
      store.set({ status: 'error', error: toDisplayError(thrown) });
    },
  );
}

/**
 * A few records of one collection, as the app returns them. Nothing is requested until a component
 * subscribes with a collection (so only what is shown loads), and each collection is asked once per client.
 */
export function useSampleRecords(connectionId: string, collection: string | undefined, limit = 3): SampleRecordsState {
  const client = useTributaryClient();
  const entry = collection === undefined ? undefined : entryFor(client, JSON.stringify([connectionId, collection, limit]));
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!entry || collection === undefined) return noop;
      const unsubscribe = entry.store.subscribe(listener);
      if (entry.store.get().status === 'idle') load(client, entry, connectionId, collection, limit);
      return unsubscribe;
    },
    [client, entry, connectionId, collection, limit],
  );
  const getSnapshot = () => entry?.store.get() ?? IDLE;
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const reload = useCallback(() => {
    if (entry && collection !== undefined) load(client, entry, connectionId, collection, limit);
  }, [client, entry, connectionId, collection, limit]);
  return useMemo(() => ({ ...snapshot, reload }), [snapshot, reload]);
}

import { useCallback, useSyncExternalStore } from 'react';
import type { ClientState } from '../../client/index.ts';
import { useTributaryClient } from './useTributaryClient.ts';

/**
 * Reads a slice of the client's state and re-renders only when that slice changes.
 * The selector must return a stable reference for unchanged input (pick, or memoize).
 */
export function useClientSelector<T>(selector: (state: ClientState) => T): T {
  const client = useTributaryClient();
  const subscribe = useCallback((listener: () => void) => client.subscribe(listener), [client]);
  const getSnapshot = () => selector(client.getState());
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

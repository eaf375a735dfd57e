import { useCallback, useSyncExternalStore } from 'react';
import type { Resource, ResourceSnapshot } from '../../client/index.ts';

/** Subscribes to a client resource; subscribing is what makes it load. */
export function useResource<T>(resource: Resource<T>): ResourceSnapshot<T> {
  const subscribe = useCallback((listener: () => void) => resource.subscribe(listener), [resource]);
  const getSnapshot = () => resource.getSnapshot();
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

const IDLE = { status: 'idle' } as const;

/** A resource that never loads, for `useResource` while there is nothing to load. */
export const NO_RESOURCE: Resource<never> = { subscribe: () => () => {}, getSnapshot: () => IDLE, refresh: () => new Promise(() => {}) };

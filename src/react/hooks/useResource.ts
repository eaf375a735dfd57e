import { useCallback, useSyncExternalStore } from 'react';
import type { Resource, ResourceSnapshot } from '../../client/index.ts';

/** Subscribes to a client resource; subscribing is what makes it load. */
export function useResource<T>(resource: Resource<T>): ResourceSnapshot<T> {
  const subscribe = useCallback((listener: () => void) => resource.subscribe(listener), [resource]);
  const getSnapshot = useCallback(() => resource.getSnapshot(), [resource]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

import type { ResourceSnapshot } from '../../client/index.ts';
import type { CollectionsListing } from '../../engine/index.ts';
import { useResource } from './useResource.ts';
import { useTributaryClient } from './useTributaryClient.ts';

/** The data models and collections a connection offers, loaded on first use. */
export function useCollections(connectionId: string): ResourceSnapshot<CollectionsListing> {
  // The client caches resources per key, so asking during render is cheap and stable.
  return useResource(useTributaryClient().collections(connectionId));
}

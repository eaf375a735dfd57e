import type { TributaryClient } from '../../client/index.ts';
import { useTributaryContext } from '../context.ts';

/** The client given to the nearest `<TributaryProvider>`. */
export function useTributaryClient(): TributaryClient {
  return useTributaryContext('useTributaryClient').client;
}

/** The provider's portal node, or null before it mounts (and on the server). */
export function usePortalContainer(): HTMLElement | null {
  return useTributaryContext('usePortalContainer').portalContainer;
}

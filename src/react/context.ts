import { createContext, useContext } from 'react';
import type { TributaryClient } from '../client/index.ts';

export interface TributaryContextValue {
  client: TributaryClient;
  /** The provider's own portal node; null until it has mounted (and always on the server). */
  portalContainer: HTMLElement | null;
  /** Where OAuth providers send the sign-in popup back to; undefined for the default, `<origin>/oauth-callback.html`. */
  oauthRedirectUri: string | undefined;
}

export const TributaryContext = createContext<TributaryContextValue | null>(null);
TributaryContext.displayName = 'TributaryContext';

export function useTributaryContext(caller: string): TributaryContextValue {
  const value = useContext(TributaryContext);
  if (!value) throw new Error(`${caller} must be used inside <TributaryProvider>.`);
  return value;
}

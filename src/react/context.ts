import type { TributaryClient } from '../client/index.ts';
import { createPartsContext } from './utils/createPartsContext.ts';

export interface TributaryContextValue {
  client: TributaryClient;
  /** The provider's own portal node; null until it has mounted (and always on the server). */
  portalContainer: HTMLElement | null;
  /** Where OAuth providers send the sign-in popup back to; undefined for the default, `<origin>/oauth-callback.html`. */
  oauthRedirectUri: string | undefined;
}

export const [TributaryContext, useTributaryContext] = createPartsContext<TributaryContextValue>('TributaryContext', '<TributaryProvider>');

import type { ConnectorDefinition, Credentials } from '../connectors/connector.types.ts';
import type { HttpContext } from '../http/appRequest.ts';
import type { Store } from '../store/store.types.ts';
import type { OAuthClients } from './oauth.types.ts';
import { oauthClientOf, oauthSchemeOf } from './signIn.ts';
import { requestTokens } from './tokenEndpoint.ts';

/** A token is refreshed this long before it expires, so a request never races its expiry. */
export const EXPIRY_SKEW_MS = 60_000;

/**
 * The credentials one connection's calls send, kept fresh: an OAuth token
 * near its expiry is refreshed before a request, and once after the app
 * refuses it. Other credentials are sent as they are.
 */
export interface CredentialSource {
  /** The credentials to send now. */
  current(): Promise<Credentials>;
  /** After the app answered 401 to `sent`: credentials to try once more, or undefined when there are none. */
  renew(sent: Credentials): Promise<Credentials | undefined>;
}

/** Refreshed credentials for a connection whose `stale` ones stopped working, or undefined when they cannot be refreshed. */
export type RefreshCredentials = (connectionId: string, connector: ConnectorDefinition, stale: Credentials) => Promise<Credentials | undefined>;

/** Whether an OAuth token is past (or within the skew of) its expiry and could be refreshed. */
export function needsRefresh(credentials: Credentials, now: number): boolean {
  return credentials.type === 'oauth2' && credentials.refreshToken !== undefined && credentials.expiresAt !== undefined && now >= credentials.expiresAt - EXPIRY_SKEW_MS;
}

export function credentialSource(initial: Credentials, now: () => number, refresh: (stale: Credentials) => Promise<Credentials | undefined>): CredentialSource {
  let held = initial;
  return {
    async current() {
      if (needsRefresh(held, now())) held = (await refresh(held)) ?? held;
      return held;
    },
    async renew(sent) {
      const renewed = await refresh(sent);
      if (renewed) held = renewed;
      return renewed;
    },
  };
}

export interface TokenRefreshDeps {
  store: Store;
  http: HttpContext;
  clients: OAuthClients;
}

/**
 * Refreshes OAuth tokens (RFC 6749 §6), once per connection at a time: every
 * caller holding the same stale token waits for the one refresh, and a caller
 * whose token was already replaced gets the stored one. That matters because
 * providers rotate refresh tokens; using one twice would end the sign-in.
 */
export function createTokenRefresher({ store, http, clients }: TokenRefreshDeps): RefreshCredentials {
  const pending = new Map<string, Promise<Credentials | undefined>>();

  async function refresh(connectionId: string, connector: ConnectorDefinition, stale: Credentials): Promise<Credentials | undefined> {
    const stored = await store.getCredentials(connectionId);
    if (stored?.type !== 'oauth2' || stale.type !== 'oauth2') return undefined;
    if (stored.accessToken !== stale.accessToken && !needsRefresh(stored, http.clock.now())) return stored;
    if (!stored.refreshToken) return undefined;
    const fresh = await requestTokens(http, connector, oauthSchemeOf(connector), oauthClientOf(clients, connector), {
      grant_type: 'refresh_token',
      refresh_token: stored.refreshToken,
    });
    // A provider that does not rotate answers without a new refresh token: the old one stays good.
    const next = { ...fresh, refreshToken: fresh.refreshToken ?? stored.refreshToken };
    // Disconnected meanwhile: nothing to save the tokens for.
    if (!(await store.getConnection(connectionId))) return undefined;
    await store.putCredentials(connectionId, next);
    return next;
  }

  return (connectionId, connector, stale) => {
    let running = pending.get(connectionId);
    if (!running) {
      running = refresh(connectionId, connector, stale).finally(() => pending.delete(connectionId));
      pending.set(connectionId, running);
    }
    return running;
  };
}

/** The host's registration of Tributary with one app's OAuth provider. */
export interface OAuthClient {
  clientId: string;
  /**
   * Only for a confidential client, on a hosted engine: sent to the token endpoint, never returned.
   * A PKCE public client (an engine in the browser) has none.
   */
  clientSecret?: string;
  /** When given, `startOAuth` refuses any other redirect URI (the provider would too, later and less clearly). */
  redirectUris?: readonly string[];
}

/** OAuth client registrations, per app id. */
export type OAuthClients = Readonly<Record<string, OAuthClient>>;

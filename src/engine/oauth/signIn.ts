import type { Clock } from '../clock.ts';
import type { ConnectorDefinition, OAuth2Auth } from '../connectors/connector.types.ts';
import type { OAuthStart } from '../engine.types.ts';
import { TributaryError } from '../errors.ts';
import type { HttpContext } from '../http/appRequest.ts';
import type { OAuthSession, Store } from '../store/store.types.ts';
import type { OAuthClient, OAuthClients } from './oauth.types.ts';
import { codeChallengeS256, createCodeVerifier, randomToken } from './pkce.ts';
import { requestTokens, type OAuthCredentials } from './tokenEndpoint.ts';

/** How long a sign-in waits for the provider's answer. */
export const SIGN_IN_TTL_MS = 10 * 60_000;
/** Expired sign-ins are kept this long, so a late answer is told "expired" rather than "unknown". */
const EXPIRED_KEPT_MS = 60 * 60_000;
/** Provider text put into messages is cut to this. */
const MAX_PROVIDER_TEXT = 300;

export interface SignInDeps {
  store: Store;
  clock: Clock;
  http: HttpContext;
  clients: OAuthClients;
  connectorOf: (appId: string) => ConnectorDefinition;
}

/** The app's OAuth scheme, or a typed error for an app that signs in otherwise. */
export function oauthSchemeOf(connector: ConnectorDefinition): OAuth2Auth {
  if (connector.auth.type !== 'oauth2') {
    throw new TributaryError({ code: 'oauth.not-supported', class: 'config', message: `${connector.name} does not sign in with OAuth; connect it with its ${connector.auth.type === 'basic' ? 'username and password' : 'API key'}.` });
  }
  return connector.auth;
}

/** The host's client registration for the app, or a typed error saying how to give one. */
export function oauthClientOf(clients: OAuthClients, connector: ConnectorDefinition): OAuthClient {
  const client = Object.hasOwn(clients, connector.id) ? clients[connector.id] : undefined;
  if (!client || typeof client.clientId !== 'string' || client.clientId === '') {
    throw new TributaryError({
      code: 'oauth.client-missing',
      class: 'config',
      message: `No OAuth client is registered for ${connector.name}: give the engine its client id in \`oauthClients["${connector.id}"]\`.`,
    });
  }
  return client;
}

function checkRedirectUri(redirectUri: unknown, client: OAuthClient, connector: ConnectorDefinition): string {
  let url: URL | undefined;
  try {
    url = typeof redirectUri === 'string' ? new URL(redirectUri) : undefined;
  } catch {
    url = undefined;
  }
  // RFC 6749 §3.1.2: absolute, and without a fragment.
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hash !== '') {
    throw new TributaryError({ code: 'oauth.invalid-redirect-uri', class: 'config', message: 'The redirect URI must be an absolute http(s) URL without a fragment.' });
  }
  const uri = redirectUri as string;
  if (client.redirectUris && !client.redirectUris.includes(uri)) {
    throw new TributaryError({ code: 'oauth.invalid-redirect-uri', class: 'config', message: `${uri} is not a redirect URI registered for ${connector.name}'s OAuth client.` });
  }
  return uri;
}

/**
 * Begins a sign-in: a fresh `state` and PKCE verifier, kept in the store for
 * ten minutes, and the provider's authorization URL carrying the state and
 * the verifier's S256 challenge.
 */
export async function beginSignIn(
  deps: SignInDeps,
  input: { connector: ConnectorDefinition; redirectUri: unknown; connectionId?: string },
): Promise<OAuthStart> {
  const { connector } = input;
  const auth = oauthSchemeOf(connector);
  const client = oauthClientOf(deps.clients, connector);
  const redirectUri = checkRedirectUri(input.redirectUri, client, connector);
  const now = deps.clock.now();
  const session: OAuthSession = {
    state: randomToken(32),
    appId: connector.id,
    redirectUri,
    codeVerifier: createCodeVerifier(),
    ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
    createdAt: now,
    expiresAt: now + SIGN_IN_TTL_MS,
  };
  const url = new URL(auth.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: redirectUri,
    ...(auth.scopes.length > 0 ? { scope: auth.scopes.join(' ') } : {}),
    state: session.state,
    code_challenge: await codeChallengeS256(session.codeVerifier),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  await deps.store.putOAuthSession(session, now - EXPIRED_KEPT_MS);
  return { authorizationUrl: url.toString(), state: session.state, expiresAt: session.expiresAt };
}

function providerText(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  return text.length > MAX_PROVIDER_TEXT ? `${text.slice(0, MAX_PROVIDER_TEXT)}…` : text;
}

/** The provider's error answer (RFC 6749 §4.1.2.1) as a typed error. */
function providerError(connector: ConnectorDefinition, error: string, description: string | undefined): TributaryError {
  const said = description ? ` ${connector.name} said: ${/[.!?]$/.test(description) ? description : `${description}.`}` : '';
  if (error === 'access_denied') {
    return new TributaryError({ code: 'oauth.access-denied', class: 'auth', message: `Access to ${connector.name} was not granted, so nothing was connected.${said}` });
  }
  const transient = error === 'temporarily_unavailable' || error === 'server_error';
  return new TributaryError({
    code: 'oauth.failed',
    class: transient ? 'transient' : 'config',
    message: `${connector.name} could not complete the sign-in (${error.slice(0, 60)}).${said}${transient ? ' Try again in a moment.' : ''}`,
  });
}

const stateMismatch = () =>
  new TributaryError({
    code: 'oauth.state-mismatch',
    class: 'auth',
    message: 'This sign-in answer does not belong to a sign-in in progress here (it was already used, or started elsewhere). Start the sign-in again.',
  });

/**
 * Finishes a sign-in with the provider's answer: takes (and so spends) the
 * sign-in its state names, refuses an expired one or an error answer, and
 * trades the code and verifier for tokens.
 */
export async function finishSignIn(deps: SignInDeps, input: unknown): Promise<{ session: OAuthSession; connector: ConnectorDefinition; credentials: OAuthCredentials }> {
  const answer = (input ?? {}) as Record<string, unknown>;
  const state = answer.state;
  if (typeof state !== 'string' || state === '' || state.length > 512) throw stateMismatch();
  const session = await deps.store.takeOAuthSession(state);
  if (!session) throw stateMismatch();
  const connector = deps.connectorOf(session.appId);
  if (deps.clock.now() > session.expiresAt) {
    throw new TributaryError({ code: 'oauth.expired', class: 'auth', message: `The sign-in to ${connector.name} took longer than ${SIGN_IN_TTL_MS / 60_000} minutes and expired. Start it again.` });
  }
  const error = providerText(answer.error);
  if (error) throw providerError(connector, error, providerText(answer.errorDescription));
  const code = answer.code;
  if (typeof code !== 'string' || code === '') {
    throw new TributaryError({ code: 'oauth.failed', class: 'config', message: `${connector.name} answered the sign-in without a code.` });
  }
  const credentials = await requestTokens(deps.http, connector, oauthSchemeOf(connector), oauthClientOf(deps.clients, connector), {
    grant_type: 'authorization_code',
    code,
    redirect_uri: session.redirectUri,
    code_verifier: session.codeVerifier,
  });
  return { session, connector, credentials };
}

import type { ConnectorDefinition, Credentials, OAuth2Auth } from '../connectors/connector.types.ts';
import { TributaryError } from '../errors.ts';
import type { HttpContext } from '../http/appRequest.ts';
import { retryAfterMs } from '../http/retry.ts';
import type { OAuthClient } from './oauth.types.ts';

export type OAuthCredentials = Extract<Credentials, { type: 'oauth2' }>;

/** What is traded at the token endpoint (RFC 6749 §4.1.3 with RFC 7636 §4.5, and §6). */
export type TokenGrant =
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

/** Provider text longer than this is cut: it goes into messages a person reads. */
const MAX_DESCRIPTION = 300;

function secretsOf(grant: TokenGrant, client: OAuthClient): string[] {
  const values = grant.grant_type === 'authorization_code' ? [grant.code, grant.code_verifier] : [grant.refresh_token];
  if (client.clientSecret) values.push(client.clientSecret);
  return values.filter((value) => value.length >= 6);
}

/** Provider text with anything sent to it blanked: a provider may quote the code or token it refuses. */
function blank(text: string, secrets: readonly string[]): string {
  // Blanked before it is cut: a cut first could leave the start of a secret that no longer matches whole.
  const blanked = secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
  return blanked.length > MAX_DESCRIPTION ? `${blanked.slice(0, MAX_DESCRIPTION)}…` : blanked;
}

function stringField(body: unknown, key: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function refusal(connector: ConnectorDefinition, grant: TokenGrant, status: number, body: unknown, secrets: readonly string[]): TributaryError {
  const code = stringField(body, 'error');
  const description = stringField(body, 'error_description');
  const said = [code, description].filter((part) => part !== undefined).map((part) => blank(part, secrets)).join(': ');
  const quoted = said ? ` (${said})` : '';
  if (code === 'invalid_grant') {
    return grant.grant_type === 'refresh_token'
      ? new TributaryError({ code: 'oauth.refresh-failed', class: 'auth', status, message: `${connector.name} no longer accepts this connection's sign-in${quoted}. Sign in again to reconnect it.` })
      : new TributaryError({ code: 'oauth.invalid-grant', class: 'auth', status, message: `${connector.name} refused the sign-in code${quoted}: it was already used, has expired, or belongs to another sign-in. Sign in again.` });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new TributaryError({
      code: 'oauth.invalid-client',
      class: 'config',
      status,
      message: `${connector.name} does not accept this app's OAuth client${quoted}. Check the client id (and secret) the engine was given.`,
    });
  }
  return new TributaryError({ code: 'oauth.failed', class: 'config', status, message: `${connector.name} refused the token request (HTTP ${status})${quoted}.` });
}

function tokensOf(connector: ConnectorDefinition, body: unknown, now: number): OAuthCredentials {
  const accessToken = stringField(body, 'access_token');
  const tokenType = stringField(body, 'token_type');
  const bad = (why: string) =>
    new TributaryError({ code: 'oauth.bad-token-response', class: 'source-data', message: `${connector.name}'s token endpoint answered without a usable token: ${why}.` });
  if (!accessToken) throw bad('no access_token');
  // RFC 6749 §7.1: a client must not use a token type it does not understand; requests send Bearer.
  if (tokenType !== undefined && tokenType.toLowerCase() !== 'bearer') throw bad(`token_type "${tokenType.slice(0, 40)}" is not Bearer`);
  const record = body as Record<string, unknown>;
  const expiresIn = typeof record.expires_in === 'string' ? Number(record.expires_in) : record.expires_in;
  const refreshToken = stringField(body, 'refresh_token');
  return {
    type: 'oauth2',
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: now + expiresIn * 1000 } : {}),
  };
}

/**
 * Trades a grant for tokens at the app's token endpoint: a form POST through
 * the engine's fetch and timeout. Refusals become typed errors whose messages
 * carry the provider's words with every secret sent blanked, and name the
 * endpoint's path only.
 */
export async function requestTokens(
  http: HttpContext,
  connector: ConnectorDefinition,
  auth: OAuth2Auth,
  client: OAuthClient,
  grant: TokenGrant,
): Promise<OAuthCredentials> {
  const form = new URLSearchParams({ ...grant, client_id: client.clientId });
  if (client.clientSecret) form.set('client_secret', client.clientSecret);
  const secrets = secretsOf(grant, client);
  const path = new URL(auth.tokenUrl).pathname;
  const controller = new AbortController();
  const timer = http.clock.setTimeout(() => controller.abort(new Error('timeout')), http.timeoutMs);
  try {
    let response: Response;
    try {
      response = await http.fetch(auth.tokenUrl, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: controller.signal,
        redirect: 'manual',
      });
    } catch (error) {
      const timedOut = controller.signal.aborted;
      throw new TributaryError(
        {
          code: timedOut ? 'source.timeout' : 'source.network',
          class: 'transient',
          message: timedOut
            ? `${connector.name} did not answer ${path} within ${http.timeoutMs} ms.`
            : `Could not reach ${connector.name} (${path}): ${blank(error instanceof Error ? error.message : String(error), secrets)}`,
        },
        { cause: error },
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      body = undefined;
    }
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers, http.clock.now());
      throw new TributaryError({ code: 'source.rate-limited', class: 'rate-limited', status: 429, ...(wait !== undefined ? { retryAfterMs: wait } : {}), message: `${connector.name} is rate limiting sign-ins (HTTP 429).` });
    }
    if (response.status >= 500) {
      throw new TributaryError({ code: 'source.unavailable', class: 'transient', status: response.status, message: `${connector.name} failed to answer ${path} (HTTP ${response.status}).` });
    }
    if (!response.ok) throw refusal(connector, grant, response.status, body, secrets);
    return tokensOf(connector, body, http.clock.now());
  } finally {
    http.clock.clearTimeout(timer);
  }
}

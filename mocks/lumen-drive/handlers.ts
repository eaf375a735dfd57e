// Modeled on OAuth 2 providers (RFC 6749, RFC 7636) and file-storage APIs: the authorization code
// grant with PKCE (S256 only), single-use codes bound to client, redirect URI and challenge,
// hour-long bearer tokens, and refresh tokens that rotate on every use.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize, whole, withParams } from '../shared/paging.ts';
import { CODE_LIFETIME_MS, decodeCode } from './authorizationCode.ts';
import {
  LUMEN_DRIVE_API_URL,
  LUMEN_DRIVE_AUTH_URL,
  LUMEN_DRIVE_CLIENT_ID,
  LUMEN_DRIVE_CONFIDENTIAL_CLIENT,
  LUMEN_DRIVE_TOKEN_TTL_SECONDS,
  lumenFiles,
  lumenFolders,
} from './data.ts';

export interface LumenDriveOptions {
  /** How many files the drive holds. @default 42 */
  files?: number;
  /** Seconds an access token lasts (`expires_in`). @default 3600 */
  accessTokenTtlSeconds?: number;
  /** The provider's clock, for token and code expiry. @default Date.now */
  now?: () => number;
  /** Seeded faults on the file and folder lists. */
  faults?: FaultOptions;
}

export interface TokenRequest {
  grantType: string;
  status: number;
  /** The OAuth error answered, if any. */
  error?: string;
}

/** A running mocked Lumen Drive: its handlers, and hooks to age or revoke what it issued. */
export interface LumenDriveApp {
  handlers: HttpHandler[];
  /** Every request to the token endpoint, in order. */
  tokenRequests: TokenRequest[];
  /** Makes every access token issued so far expired: the API answers 401 to them. */
  expireAccessTokens(): void;
  /** Forgets every refresh token issued so far (as when a user revokes the app's access). */
  revokeRefreshTokens(): void;
}

const CLIENT_SECRETS: Readonly<Record<string, string | undefined>> = {
  [LUMEN_DRIVE_CLIENT_ID]: undefined,
  [LUMEN_DRIVE_CONFIDENTIAL_CLIENT.clientId]: LUMEN_DRIVE_CONFIDENTIAL_CLIENT.clientSecret,
};

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** An OAuth error answer (RFC 6749 §5.2); never cached. */
function oauthError(error: string, description: string, status = 400) {
  return HttpResponse.json(
    { error, error_description: description },
    { status, headers: { 'Cache-Control': 'no-store', ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="lumen-drive"' } : {}) } },
  );
}

function apiError(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message } }, { status, ...(status === 401 ? { headers: { 'WWW-Authenticate': `Bearer error="${code}"` } } : {}) });
}

/** A Lumen Drive with its own issued codes and tokens; its hooks age or revoke them. */
export function createLumenDrive(options: LumenDriveOptions = {}): LumenDriveApp {
  const now = options.now ?? Date.now;
  const ttl = options.accessTokenTtlSeconds ?? LUMEN_DRIVE_TOKEN_TTL_SECONDS;
  const files = lumenFiles(options.files ?? 42);
  const folders = lumenFolders();
  const accessTokens = new Map<string, { expiresAt: number; code?: string }>();
  const refreshTokens = new Map<string, { clientId: string; scope: string; code?: string }>();
  /** Nonces of codes already exchanged. */
  const usedCodes = new Set<string>();
  const tokenRequests: TokenRequest[] = [];
  const gate = createAppGate({ faults: options.faults, errorBody: (status, message) => ({ error: { code: status === 401 ? 'invalid_token' : 'server_error', message } }) });

  function issue(clientId: string, scope: string, code?: string) {
    const accessToken = `ld_at_${randomHex(16)}`;
    const refreshToken = `ld_rt_${randomHex(16)}`;
    accessTokens.set(accessToken, { expiresAt: now() + ttl * 1000, ...(code ? { code } : {}) });
    refreshTokens.set(refreshToken, { clientId, scope, ...(code ? { code } : {}) });
    return HttpResponse.json(
      { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, refresh_token: refreshToken, scope },
      { headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } },
    );
  }

  /** RFC 6749 §4.1.2: a code used twice is refused, and what was issued from it is revoked. */
  function revokeIssuedFrom(nonce: string): void {
    for (const [token, held] of accessTokens) if (held.code === nonce) accessTokens.delete(token);
    for (const [token, held] of refreshTokens) if (held.code === nonce) refreshTokens.delete(token);
  }

  async function exchangeCode(params: URLSearchParams, clientId: string) {
    const [code, redirectUri, verifier] = [params.get('code'), params.get('redirect_uri'), params.get('code_verifier')];
    if (!code || !redirectUri) return oauthError('invalid_request', 'code and redirect_uri are required.');
    if (!verifier) return oauthError('invalid_request', 'code_verifier is required: Lumen Drive only accepts PKCE sign-ins.');
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return oauthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters.');
    const claims = decodeCode(code);
    if (!claims) return oauthError('invalid_grant', 'The authorization code is not valid.');
    if (usedCodes.has(claims.nonce)) {
      revokeIssuedFrom(claims.nonce);
      return oauthError('invalid_grant', 'The authorization code was already used.');
    }
    if (claims.client_id !== clientId) return oauthError('invalid_grant', 'The authorization code was issued to another client.');
    if (claims.redirect_uri !== redirectUri) return oauthError('invalid_grant', 'redirect_uri does not match the one the code was issued for.');
    if (now() - claims.iat > CODE_LIFETIME_MS) return oauthError('invalid_grant', 'The authorization code has expired.');
    if ((await s256(verifier)) !== claims.code_challenge) return oauthError('invalid_grant', 'PKCE verification failed: code_verifier does not match the code_challenge.');
    usedCodes.add(claims.nonce);
    return issue(clientId, claims.scope, claims.nonce);
  }

  function refresh(params: URLSearchParams, clientId: string) {
    const token = params.get('refresh_token');
    if (!token) return oauthError('invalid_request', 'refresh_token is required.');
    const held = refreshTokens.get(token);
    if (!held || held.clientId !== clientId) return oauthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
    // Rotation: a refresh token is good for one refresh.
    refreshTokens.delete(token);
    return issue(clientId, held.scope, held.code);
  }

  async function token(request: Request, params: URLSearchParams) {
    if (!(request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      return oauthError('invalid_request', 'The token request must be application/x-www-form-urlencoded.');
    }
    const clientId = params.get('client_id') ?? '';
    if (!Object.hasOwn(CLIENT_SECRETS, clientId)) return oauthError('invalid_client', 'Unknown client.', 401);
    const secret = CLIENT_SECRETS[clientId];
    if (secret !== undefined && params.get('client_secret') !== secret) return oauthError('invalid_client', 'Client authentication failed.', 401);
    switch (params.get('grant_type')) {
      case 'authorization_code':
        return exchangeCode(params, clientId);
      case 'refresh_token':
        return refresh(params, clientId);
      default:
        return oauthError('unsupported_grant_type', 'Lumen Drive supports authorization_code and refresh_token.');
    }
  }

  function authenticate(request: Request) {
    const match = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '');
    if (!match) return apiError(401, 'invalid_request', 'Send an access token as "Authorization: Bearer <token>".');
    const held = accessTokens.get(match[1] as string);
    if (!held || held.expiresAt <= now()) return apiError(401, 'invalid_token', 'The access token is invalid or has expired.');
    return undefined;
  }

  const handlers = [
    http.post(`${LUMEN_DRIVE_AUTH_URL}/token`, async ({ request }) => {
      const params = new URLSearchParams(await request.text());
      const response = await token(request, params);
      const grantType = params.get('grant_type') ?? '';
      const body = response.status === 200 ? undefined : ((await response.clone().json()) as { error?: string });
      tokenRequests.push({ grantType, status: response.status, ...(body?.error ? { error: body.error } : {}) });
      return response;
    }),
    http.get(`${LUMEN_DRIVE_API_URL}/me`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ user: { id: 'usr_northwind_admin', display_name: 'Northwind Admin', email: 'admin@northwind.example' } })),
    ),
    // Numbered pages from 1, with the total count.
    http.get(`${LUMEN_DRIVE_API_URL}/files`, ({ request }) =>
      gate.list(() => {
        const refused = authenticate(request);
        if (refused) return refused;
        const url = new URL(request.url);
        const size = pageSize(url.searchParams.get('page_size'), 20, 100);
        const page = whole(url.searchParams.get('page'), 1);
        if (page === undefined || page < 1) return apiError(400, 'invalid_page', 'page must be a whole number from 1.');
        return HttpResponse.json({ files: files.slice((page - 1) * size, page * size), page, page_size: size, total_count: files.length });
      }),
    ),
    // The next page as a ready URL in the body.
    http.get(`${LUMEN_DRIVE_API_URL}/folders`, ({ request }) =>
      gate.list(() => {
        const refused = authenticate(request);
        if (refused) return refused;
        const url = new URL(request.url);
        const limit = pageSize(url.searchParams.get('limit'), 5, 50);
        const after = url.searchParams.get('after');
        const start = after === null ? 0 : folders.findIndex((folder) => folder.id === after) + 1;
        if (start === 0 && after !== null) return apiError(400, 'invalid_cursor', `Unknown folder "${after}".`);
        const data = folders.slice(start, start + limit);
        const last = data.at(-1);
        const next = start + limit < folders.length && last ? withParams(request.url, { limit, after: last.id }) : null;
        return HttpResponse.json({ folders: data, next });
      }),
    ),
  ];

  return {
    handlers,
    tokenRequests,
    expireAccessTokens() {
      for (const held of accessTokens.values()) held.expiresAt = Math.min(held.expiresAt, now());
    },
    revokeRefreshTokens() {
      refreshTokens.clear();
    },
  };
}

/** msw handlers that play Lumen Drive, a file store that signs in with OAuth 2 (authorization code + PKCE). */
export function lumenDriveHandlers(options: LumenDriveOptions = {}): HttpHandler[] {
  return createLumenDrive(options).handlers;
}

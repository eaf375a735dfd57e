/**
 * Lumen Drive's authorization codes are self-describing: the consent step
 * (a static page in Storybook, {@link consentRedirect} in tests) cannot share
 * memory with the token endpoint, so a code carries what the endpoint checks
 * (client, redirect URI, PKCE challenge, when it was issued) and a nonce the
 * endpoint remembers once used. `.storybook/public/mock-oauth/authorize.js`
 * writes the same format.
 */

export interface AuthorizationCode {
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  code_challenge_method: 'S256';
  scope: string;
  nonce: string;
  /** Epoch ms the code was issued. */
  iat: number;
}

/** A code is refused this long after it was issued (RFC 6749 §4.1.2 recommends at most 10 minutes). */
export const CODE_LIFETIME_MS = 10 * 60_000;

function toBase64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

export function encodeCode(code: AuthorizationCode): string {
  return toBase64url(JSON.stringify(code));
}

/** The code's claims, or undefined when it is not one of Lumen Drive's codes. */
export function decodeCode(code: string): AuthorizationCode | undefined {
  try {
    const value = JSON.parse(fromBase64url(code)) as Partial<AuthorizationCode>;
    const strings = [value.client_id, value.redirect_uri, value.code_challenge, value.scope, value.nonce];
    if (strings.some((field) => typeof field !== 'string') || value.code_challenge_method !== 'S256' || typeof value.iat !== 'number') return undefined;
    return value as AuthorizationCode;
  } catch {
    return undefined;
  }
}

/** The authorization request's parameters, checked as the consent page checks them. */
export function readAuthorizationRequest(authorizationUrl: string) {
  const params = new URL(authorizationUrl).searchParams;
  const get = (name: string) => params.get(name) ?? '';
  const problems = [
    get('response_type') !== 'code' && 'response_type must be "code"',
    get('client_id') === '' && 'client_id is missing',
    !/^https?:\/\//.test(get('redirect_uri')) && 'redirect_uri must be an absolute http(s) URL',
    get('state') === '' && 'state is missing',
    get('code_challenge') === '' && 'code_challenge is missing (PKCE is required)',
    get('code_challenge_method') !== 'S256' && 'code_challenge_method must be S256',
  ].filter((problem): problem is string => typeof problem === 'string');
  return {
    clientId: get('client_id'),
    redirectUri: get('redirect_uri'),
    scope: get('scope'),
    state: get('state'),
    codeChallenge: get('code_challenge'),
    problems,
  };
}

/**
 * Where the consent step sends the browser when the user allows or denies:
 * the redirect URI with `code` and `state`, or with `error=access_denied`.
 * Throws for a request a provider would refuse to show at all.
 */
export function consentRedirect(authorizationUrl: string, decision: 'allow' | 'deny', options: { now?: number; nonce?: string } = {}): string {
  const request = readAuthorizationRequest(authorizationUrl);
  if (request.problems.length > 0) throw new Error(`Lumen Drive refuses the authorization request: ${request.problems.join('; ')}.`);
  const target = new URL(request.redirectUri);
  if (decision === 'deny') {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user denied access to Lumen Drive.');
  } else {
    const code = encodeCode({
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
      scope: request.scope,
      nonce: options.nonce ?? crypto.randomUUID(),
      iat: options.now ?? Date.now(),
    });
    target.searchParams.set('code', code);
  }
  target.searchParams.set('state', request.state);
  return target.toString();
}

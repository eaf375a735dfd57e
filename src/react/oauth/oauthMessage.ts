import type { OAuthCallback } from '../../engine/index.ts';

/** The `type` of the message a redirect page posts to the window that opened the sign-in. */
export const OAUTH_MESSAGE_TYPE = 'tributary:oauth';

/** What the redirect page posts: the URL the provider sent the browser to. */
export interface OAuthMessage {
  type: typeof OAUTH_MESSAGE_TYPE;
  url: string;
}

export function isOAuthMessage(data: unknown): data is OAuthMessage {
  return typeof data === 'object' && data !== null && (data as OAuthMessage).type === OAUTH_MESSAGE_TYPE && typeof (data as OAuthMessage).url === 'string';
}

/**
 * The provider's answer in a redirect URL's query (RFC 6749 §4.1.2):
 * `code` and `state`, or `error`, `error_description` and `state`.
 * Undefined for a URL that carries no answer.
 */
export function callbackFromUrl(url: string): OAuthCallback | undefined {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const get = (name: string) => params.get(name) ?? undefined;
  const code = get('code');
  const error = get('error');
  return code === undefined && error === undefined ? undefined : { state: get('state') ?? '', code, error, errorDescription: get('error_description') };
}

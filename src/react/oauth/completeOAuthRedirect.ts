import { OAUTH_MESSAGE_TYPE, type OAuthMessage } from './oauthMessage.ts';

/**
 * For the host's own OAuth redirect page: hands the provider's answer (this
 * page's URL) to the window that opened the sign-in, on this origin only, and
 * closes the popup. Returns false, and leaves the page open, when it was not
 * opened as a sign-in popup.
 */
// The redirect page's own script calls this, outside any component: its window is the one to use.
// eslint-disable-next-line no-restricted-globals
export function completeOAuthRedirect(page: Window = window): boolean {
  const opener = page.opener as Window | null;
  if (!opener) return false;
  const message: OAuthMessage = { type: OAUTH_MESSAGE_TYPE, url: page.location.href };
  opener.postMessage(message, page.location.origin);
  page.close();
  return true;
}

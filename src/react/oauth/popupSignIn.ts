import { TributaryError } from '../../client/index.ts';
import type { Connection, ErrorClass, OAuthCallback, OAuthStart } from '../../engine/index.ts';
import { plural } from '../utils/format.ts';
import { callbackFromUrl, isOAuthMessage } from './oauthMessage.ts';

/** How often the popup is checked for having been closed. */
export const POPUP_POLL_MS = 500;

export interface PopupSignInOptions {
  /** The window the sign-in started from: it receives the redirect page's message. */
  opener: Window;
  /** The popup, opened (blank) in the click that started the sign-in. */
  popup: Window;
  appName: string;
  /** Milliseconds before the sign-in is given up. */
  timeoutMs: number;
  start: () => Promise<OAuthStart>;
  complete: (callback: OAuthCallback) => Promise<Connection>;
  /** The provider answered and the answer is being exchanged. */
  onCompleting: () => void;
  /** The sign-in ended with the new (or reconnected) connection. */
  onConnected: (connection: Connection) => void;
  /** The sign-in ended with a typed error. */
  onFailed: (error: unknown) => void;
}

function minutes(ms: number): string {
  const value = Math.round(ms / 60_000);
  return ms >= 60_000 ? plural(value, 'minute', 'minutes') : `${Math.round(ms / 1000)} seconds`;
}

export function popupBlockedError(appName: string): TributaryError {
  return new TributaryError({ code: 'oauth.popup-blocked', class: 'config', message: `Your browser blocked the ${appName} sign-in window. Allow pop-ups for this site, then try again.` });
}

const failure = (code: string, errorClass: ErrorClass, message: string) =>
  new TributaryError({ code: `oauth.${code}`, class: errorClass, message: `${message} Try again.` });

/**
 * Drives one OAuth sign-in in a popup: starts it, sends the popup to the
 * provider, waits for the redirect page's message from this origin, checks
 * its `state` against the one started (a mismatch never reaches the engine),
 * and completes it. Fails with a typed error when the popup is closed first,
 * or the sign-in takes longer than `timeoutMs`.
 *
 * Returns `cancel`: it stops listening and closes the popup, and neither `onConnected` nor `onFailed` is called.
 */
export function runPopupSignIn({
  opener,
  popup,
  appName,
  timeoutMs,
  start,
  complete,
  onCompleting,
  onConnected,
  onFailed,
}: PopupSignInOptions): () => void {
  let settled = false;
  let answered = false;
  let expectedState: string | undefined;
  let closedOnce = false;

  /** Stops listening and closes the popup. */
  const stop = () => {
    opener.removeEventListener('message', onMessage);
    opener.clearInterval(poll);
    opener.clearTimeout(timer);
    if (!popup.closed) popup.close();
  };
  const fail = (error: unknown) => {
    if (settled) return;
    settled = true;
    stop();
    onFailed(error);
  };

  const onMessage = (event: MessageEvent) => {
    if (settled || answered || event.origin !== opener.location.origin || !isOAuthMessage(event.data)) return;
    const callback = callbackFromUrl(event.data.url);
    if (!callback) return;
    answered = true;
    stop();
    if (expectedState === undefined || callback.state !== expectedState) {
      fail(failure('state-mismatch', 'auth', `The answer from ${appName} does not match this sign-in, so it was ignored for your safety.`));
      return;
    }
    onCompleting();
    complete(callback).then((connection) => {
      if (settled) return;
      settled = true;
      onConnected(connection);
    }, fail);
  };
  opener.addEventListener('message', onMessage);

  // The redirect page posts, then closes: one more poll lets a message already on its way arrive first.
  const poll = opener.setInterval(() => {
    if (!popup.closed) return;
    if (closedOnce) fail(failure('popup-closed', 'auth', `The ${appName} sign-in window was closed before the sign-in finished.`));
    closedOnce = true;
  }, POPUP_POLL_MS);
  const timer = opener.setTimeout(() => {
    fail(failure('timeout', 'transient', `Signing in to ${appName} took longer than ${minutes(timeoutMs)}.`));
  }, timeoutMs);

  start().then((started) => {
    if (settled || answered) return;
    expectedState = started.state;
    popup.location.href = started.authorizationUrl;
  }, fail);

  return () => {
    settled = true;
    stop();
  };
}

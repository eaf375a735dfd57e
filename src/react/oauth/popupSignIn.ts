import { TributaryError } from '../../client/index.ts';
import type { Connection, OAuthCallback, OAuthStart } from '../../engine/index.ts';
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
  onCompleting?: () => void;
}

export interface PopupSignIn {
  /** The new (or reconnected) connection, or a typed error. */
  result: Promise<Connection>;
  /** Stops listening and closes the popup; `result` then never settles. */
  cancel(): void;
}

function minutes(ms: number): string {
  const value = Math.round(ms / 60_000);
  return ms >= 60_000 ? plural(value, 'minute', 'minutes') : `${Math.round(ms / 1000)} seconds`;
}

export function popupBlockedError(appName: string): TributaryError {
  return new TributaryError({ code: 'oauth.popup-blocked', class: 'config', message: `Your browser blocked the ${appName} sign-in window. Allow pop-ups for this site, then try again.` });
}

/**
 * Drives one OAuth sign-in in a popup: starts it, sends the popup to the
 * provider, waits for the redirect page's message from this origin, checks
 * its `state` against the one started (a mismatch never reaches the engine),
 * and completes it. Fails with a typed error when the popup is closed first,
 * or the sign-in takes longer than `timeoutMs`.
 */
export function runPopupSignIn({ opener, popup, appName, timeoutMs, start, complete, onCompleting }: PopupSignInOptions): PopupSignIn {
  let settled = false;
  let answered = false;
  let expectedState: string | undefined;
  let closedOnce = false;
  let poll: ReturnType<typeof opener.setInterval> | undefined;
  let timer: ReturnType<typeof opener.setTimeout> | undefined;
  let onMessage: ((event: MessageEvent) => void) | undefined;

  const stopWatching = () => {
    if (onMessage) opener.removeEventListener('message', onMessage);
    if (poll !== undefined) opener.clearInterval(poll);
    if (timer !== undefined) opener.clearTimeout(timer);
  };
  const closePopup = () => {
    if (!popup.closed) popup.close();
  };

  const result = new Promise<Connection>((resolve, reject) => {
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      stopWatching();
      closePopup();
      reject(error);
    };

    onMessage = (event: MessageEvent) => {
      if (settled || answered || event.origin !== opener.location.origin || !isOAuthMessage(event.data)) return;
      const callback = callbackFromUrl(event.data.url);
      if (!callback) return;
      answered = true;
      stopWatching();
      closePopup();
      if (expectedState === undefined || callback.state !== expectedState) {
        fail(new TributaryError({ code: 'oauth.state-mismatch', class: 'auth', message: `The answer from ${appName} does not match this sign-in, so it was ignored for your safety. Try again.` }));
        return;
      }
      onCompleting?.();
      complete(callback).then((connection) => {
        if (settled) return;
        settled = true;
        resolve(connection);
      }, fail);
    };
    opener.addEventListener('message', onMessage);

    // The redirect page posts, then closes: one more poll lets a message already on its way arrive first.
    poll = opener.setInterval(() => {
      if (!popup.closed) return;
      if (closedOnce) fail(new TributaryError({ code: 'oauth.popup-closed', class: 'auth', message: `The ${appName} sign-in window was closed before the sign-in finished. Try again.` }));
      closedOnce = true;
    }, POPUP_POLL_MS);
    timer = opener.setTimeout(() => {
      fail(new TributaryError({ code: 'oauth.timeout', class: 'transient', message: `Signing in to ${appName} took longer than ${minutes(timeoutMs)}. Try again.` }));
    }, timeoutMs);

    start().then((started) => {
      if (settled || answered) return;
      expectedState = started.state;
      popup.location.href = started.authorizationUrl;
    }, fail);
  });

  return {
    result,
    cancel() {
      settled = true;
      stopWatching();
      closePopup();
    },
  };
}

import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { AppSummary, Connection } from '../../engine/index.ts';
import { useTributaryContext } from '../context.ts';
import { popupBlockedError, runPopupSignIn, type PopupSignIn } from '../oauth/popupSignIn.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';

/** `idle`, then `waiting` for the provider in the popup, `completing` the exchange; `error` after a failure. */
export type OAuthSignInStatus = 'idle' | 'waiting' | 'completing' | 'error';

export interface UseOAuthSignInOptions {
  app: AppSummary;
  /** Re-authorises this connection in place instead of creating one. */
  connectionId?: string | undefined;
  /** Milliseconds before a sign-in is given up. */
  timeoutMs: number;
  onConnected: (connection: Connection) => void;
}

export interface OAuthSignInState {
  status: OAuthSignInStatus;
  error: DisplayError | null;
  /** The click handler: opens the popup in the click itself, or pop-up blockers refuse it. */
  signIn: (event: MouseEvent<HTMLElement>) => void;
}

const POPUP_NAME = 'tributary-oauth';
const POPUP_FEATURES = 'popup,width=520,height=640';

/** An OAuth sign-in in a popup, for the connect dialog (see runPopupSignIn). */
export function useOAuthSignIn({ app, connectionId, timeoutMs, onConnected }: UseOAuthSignInOptions): OAuthSignInState {
  const { client, oauthRedirectUri } = useTributaryContext('useOAuthSignIn');
  const [status, setStatus] = useState<OAuthSignInStatus>('idle');
  const [error, setError] = useState<DisplayError | null>(null);
  const attempt = useRef<PopupSignIn | null>(null);

  // Closing the dialog mid-sign-in closes the popup and stops listening.
  useEffect(
    () => () => {
      attempt.current?.cancel();
      attempt.current = null;
    },
    [],
  );

  const signIn = (event: MouseEvent<HTMLElement>) => {
    const opener = event.currentTarget.ownerDocument.defaultView;
    if (!opener) return;
    attempt.current?.cancel();
    attempt.current = null;
    const popup = opener.open('', POPUP_NAME, POPUP_FEATURES);
    if (!popup) {
      setStatus('error');
      setError(toDisplayError(popupBlockedError(app.name)));
      return;
    }
    setStatus('waiting');
    setError(null);
    const redirectUri = oauthRedirectUri ?? `${opener.location.origin}/oauth-callback.html`;
    const current = runPopupSignIn({
      opener,
      popup,
      appName: app.name,
      timeoutMs,
      start: () => client.startOAuth(app.id, redirectUri, connectionId),
      complete: (callback) => client.completeOAuth(callback),
      onCompleting: () => setStatus('completing'),
    });
    attempt.current = current;
    current.result.then(
      (connection) => {
        if (attempt.current !== current) return;
        attempt.current = null;
        setStatus('idle');
        onConnected(connection);
      },
      (thrown: unknown) => {
        if (attempt.current !== current) return;
        attempt.current = null;
        setStatus('error');
        setError(toDisplayError(thrown));
      },
    );
  };

  return { status, error, signIn };
}

import * as Dialog from '@radix-ui/react-dialog';
import { useId } from 'react';
import type { AppSummary, Connection } from '../../engine/index.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import type { ConnectDialogPart } from './ConnectDialog.tsx';
import { useOAuthSignIn } from './useOAuthSignIn.ts';

export interface OAuthSignInProps {
  app: AppSummary;
  connectionId: string | undefined;
  timeoutMs: number;
  classNames: PartClassNames<ConnectDialogPart> | undefined;
  onConnected: (connection: Connection) => void;
}

/** The connect dialog's body for an OAuth app: one button that signs in through the provider in a popup. */
export function OAuthSignIn({ app, connectionId, timeoutMs, classNames, onConnected }: OAuthSignInProps) {
  const { status, error, signIn } = useOAuthSignIn({ app, connectionId, timeoutMs, onConnected });
  const errorId = `${useId()}-error`;
  const completing = status === 'completing';
  const progress =
    status === 'waiting' ? `Finish signing in to ${app.name} in the window that opened.` : completing ? `Connecting ${app.name}…` : '';
  return (
    <div {...part('oauth-sign-in', classNames)} data-state={status}>
      <button
        {...part('sign-in-button', classNames)}
        type="button"
        onClick={signIn}
        disabled={completing}
        aria-busy={completing || undefined}
        aria-describedby={error ? errorId : undefined}
      >
        {completing && <span {...part('spinner', classNames)} aria-hidden="true" />}
        Sign in with {app.name}
      </button>
      {/* Always rendered, so screen readers announce what is written into it. */}
      <p {...part('oauth-status', classNames)} role="status">
        {progress}
      </p>
      {error && (
        <div {...part('form-error', classNames)} id={errorId} role="alert" data-error-code={error.code}>
          {error.message}
        </div>
      )}
      <div {...part('form-actions', classNames)}>
        <Dialog.Close {...part('cancel-button', classNames)} type="button">
          Cancel
        </Dialog.Close>
      </div>
    </div>
  );
}

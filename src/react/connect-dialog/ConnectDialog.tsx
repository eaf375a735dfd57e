import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { AppSummary, Connection } from '../../engine/index.ts';
import { useTributaryContext, type TributaryContextValue } from '../context.ts';
import { popupBlockedError, runPopupSignIn } from '../oauth/popupSignIn.ts';
import { credentialsCheck, emptyCredentialValues, toCredentials } from '../utils/credentials.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { appColor, monogram } from '../utils/format.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { checkResolver } from '../utils/checkResolver.ts';
import { useControllableState } from '../utils/useControllableState.ts';

export type ConnectDialogPart =
  | 'connect-dialog'
  | 'dialog-overlay'
  | 'dialog-header'
  | 'app-monogram'
  | 'dialog-title'
  | 'dialog-description'
  | 'connect-form'
  | 'form-field'
  | 'field-label'
  | 'field-input'
  | 'field-error'
  | 'form-error'
  | 'form-actions'
  | 'cancel-button'
  | 'test-button'
  | 'test-result'
  | 'submit-button'
  | 'spinner'
  | 'oauth-sign-in'
  | 'sign-in-button'
  | 'oauth-status';

/** Five minutes: long enough to sign in with two-factor authentication, short enough to notice a lost popup. */
const DEFAULT_OAUTH_TIMEOUT_MS = 5 * 60_000;

/**
 * A modal that connects one app (or re-authenticates a connection in place), portalled into the provider's
 * portal node: a form generated from the app's credential fields, or, for an OAuth app, a button that signs
 * in through the app's provider in a popup (authorization code with PKCE and `state`).
 *
 * Data attributes:
 * - `[data-part="connect-dialog"]` and `[data-part="dialog-overlay"]`: `data-state="open" | "closed"`.
 * - `[data-part="connect-form"]`: `data-state="idle" | "testing" | "submitting" | "error"`.
 * - `[data-part="field-input"]`: `data-invalid` when the field has an error.
 * - `[data-part="test-result"]` (`role="status"`): `data-state="idle" | "passed"`, after "Test connection".
 * - `[data-part="oauth-sign-in"]`: `data-state="idle" | "waiting" | "completing" | "error"`.
 * - `[data-part="form-error"]` (`role="alert"`): `data-error-code`, the TributaryError's code (for OAuth also
 *   `oauth.popup-blocked`, `oauth.popup-closed`, `oauth.timeout`, `oauth.state-mismatch`, `oauth.access-denied`).
 */
export interface ConnectDialogProps {
  /** The app to connect. */
  app: AppSummary;
  /** Whether the dialog is open (controlled). */
  open?: boolean;
  /**
   * Whether the dialog starts open (uncontrolled).
   * @default false
   */
  defaultOpen?: boolean;
  /** Called when the dialog asks to open or close. */
  onOpenChange?: (open: boolean) => void;
  /** Called with the new connection once it is saved; the dialog then closes. */
  onConnected?: (connection: Connection) => void;
  /**
   * Re-authenticates this connection in place instead of creating one: it keeps its id, mappings and runs.
   * The connection must be to `app`.
   */
  connectionId?: string;
  /**
   * Milliseconds an OAuth sign-in may take before it is given up.
   * @default 300000 (5 minutes)
   */
  oauthTimeoutMs?: number;
  /** Optional trigger element, rendered with `Dialog.Trigger asChild`. */
  children?: ReactNode;
  /** Class for the dialog content. */
  className?: string;
  /** Classes for inner parts, by `data-part` name. */
  classNames?: PartClassNames<ConnectDialogPart>;
}

export function ConnectDialog({
  app,
  open,
  defaultOpen,
  onOpenChange,
  onConnected,
  connectionId,
  oauthTimeoutMs = DEFAULT_OAUTH_TIMEOUT_MS,
  children,
  className,
  classNames,
}: ConnectDialogProps) {
  const { portalContainer, client, oauthRedirectUri } = useTributaryContext('usePortalContainer');
  // Uncontrolled use still has to close on success, so track openness here too.
  const [isOpen, setOpen] = useControllableState(open, defaultOpen ?? false, onOpenChange);
  const oauth = app.auth.type === 'oauth2';
  const body: BodyProps = {
    app,
    connectionId,
    client,
    oauthRedirectUri,
    classNames,
    onConnected: (connection) => {
      onConnected?.(connection);
      setOpen(false);
    },
  };

  return (
    <Dialog.Root open={isOpen === true} onOpenChange={setOpen}>
      {children !== undefined && <Dialog.Trigger asChild>{children}</Dialog.Trigger>}
      {/* Without the provider's node Radix would portal into document.body. */}
      {portalContainer && (
        <Dialog.Portal container={portalContainer}>
          <Dialog.Overlay {...part('dialog-overlay', classNames)} />
          <Dialog.Content {...part('connect-dialog', classNames, className)} data-app-id={app.id} style={appColor(app.color)}>
            <div {...part('dialog-header', classNames)}>
              <span {...part('app-monogram', classNames)} aria-hidden="true">
                {monogram(app.name)}
              </span>
              <Dialog.Title {...part('dialog-title', classNames)}>
                {connectionId === undefined ? 'Connect' : 'Reconnect'} {app.name}
              </Dialog.Title>
            </div>
            <Dialog.Description {...part('dialog-description', classNames)}>
              {app.auth.helpText ??
                (oauth
                  ? `Sign in to ${app.name} in a pop-up window and allow access. Your ${app.name} password is never shared.`
                  : `Enter your ${app.name} credentials. They are stored securely and never shown again.`)}
            </Dialog.Description>
            {oauth ? <OAuthSignIn {...body} timeoutMs={oauthTimeoutMs} /> : <ConnectForm {...body} />}
          </Dialog.Content>
        </Dialog.Portal>
      )}
    </Dialog.Root>
  );
}

type Classes = PartClassNames<ConnectDialogPart> | undefined;

/** What the dialog's body (the form, or the OAuth sign-in) is given. */
interface BodyProps extends Omit<TributaryContextValue, 'portalContainer'> {
  app: AppSummary;
  connectionId: string | undefined;
  classNames: Classes;
  onConnected: (connection: Connection) => void;
}

const spinner = (shown: boolean, classNames: Classes) => shown && <span {...part('spinner', classNames)} aria-hidden="true" />;

/** The alert saying why connecting failed, which the body's `aria-describedby` points at. */
const formError = (error: DisplayError | null, id: string, classNames: Classes) =>
  error && (
    <div {...part('form-error', classNames)} id={id} role="alert" data-error-code={error.code}>
      {error.message}
    </div>
  );

const cancelButton = (classNames: Classes) => (
  <Dialog.Close {...part('cancel-button', classNames)} type="button">
    Cancel
  </Dialog.Close>
);

/** Lives inside Dialog.Content, so closing the dialog discards what was typed. */
function ConnectForm({ app, connectionId, client, classNames, onConnected }: BodyProps) {
  const id = useId();
  const fields = app.auth.fields;
  const [submitError, setSubmitError] = useState<DisplayError | null>(null);
  const [test, setTest] = useState<'idle' | 'testing' | 'passed'>('idle');
  const {
    register,
    handleSubmit,
    setFocus,
    trigger,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<Record<string, string>>({
    resolver: checkResolver(credentialsCheck(fields)),
    defaultValues: emptyCredentialValues(fields),
  });
  // This form only shows for the auth types it can collect.
  const credentials = (values: Record<string, string>) => toCredentials(app.auth.type, values)!;

  const failed = (error: unknown) => {
    setSubmitError(toDisplayError(error));
    const first = fields[0];
    if (first) setFocus(first.name);
  };

  const onSubmit = handleSubmit(async (values) => {
    setSubmitError(null);
    try {
      const next = credentials(values);
      onConnected(await (connectionId === undefined ? client.connect({ appId: app.id, credentials: next }) : client.reconnect(connectionId, next)));
    } catch (error) {
      failed(error);
    }
  });

  // Checks what was entered against the app; nothing is saved, and the form keeps its values.
  const onTest = async () => {
    setSubmitError(null);
    setTest('idle');
    if (!(await trigger())) return;
    setTest('testing');
    try {
      await client.testCredentials({ appId: app.id, credentials: credentials(getValues()) });
      setTest('passed');
    } catch (error) {
      setTest('idle');
      failed(error);
    }
  };

  const testing = test === 'testing';
  const passed = test === 'passed';
  const errorId = `${id}-error`;
  const reconnecting = connectionId !== undefined;
  return (
    <form
      {...part('connect-form', classNames)}
      data-state={isSubmitting ? 'submitting' : testing ? 'testing' : submitError ? 'error' : 'idle'}
      noValidate
      aria-describedby={submitError ? errorId : undefined}
      onSubmit={(event) => void onSubmit(event)}
    >
      {fields.map((field) => {
        const inputId = `${id}-${field.name}`;
        const fieldErrorId = `${inputId}-error`;
        const message = errors[field.name]?.message;
        return (
          <div key={field.name} {...part('form-field', classNames)} data-field={field.name}>
            <label {...part('field-label', classNames)} htmlFor={inputId}>
              {field.label}
            </label>
            <input
              {...part('field-input', classNames)}
              {...register(field.name, { onChange: () => setTest('idle') })}
              id={inputId}
              type={field.secret ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? fieldErrorId : undefined}
              data-invalid={message ? '' : undefined}
            />
            {message && (
              <p {...part('field-error', classNames)} id={fieldErrorId}>
                {message}
              </p>
            )}
          </div>
        );
      })}
      {formError(submitError, errorId, classNames)}
      {/* Always rendered, so screen readers announce the result written into it. */}
      <p {...part('test-result', classNames)} role="status" data-state={passed ? 'passed' : 'idle'}>
        {passed ? `${app.name} accepted these credentials. Nothing is saved until you ${reconnecting ? 'reconnect' : 'connect'}.` : ''}
      </p>
      <div {...part('form-actions', classNames)}>
        {cancelButton(classNames)}
        <button
          {...part('test-button', classNames)}
          type="button"
          disabled={isSubmitting || testing}
          aria-busy={testing || undefined}
          onClick={() => void onTest()}
        >
          {spinner(testing, classNames)}
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button {...part('submit-button', classNames)} type="submit" disabled={isSubmitting || testing} aria-busy={isSubmitting || undefined}>
          {spinner(isSubmitting, classNames)}
          {isSubmitting ? (reconnecting ? 'Reconnecting…' : 'Connecting…') : reconnecting ? 'Reconnect' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

const POPUP_NAME = 'tributary-oauth';
const POPUP_FEATURES = 'popup,width=520,height=640';

/**
 * The connect dialog's body for an OAuth app: one button that signs in through the provider in a popup (see
 * runPopupSignIn): `idle`, then `waiting` for the provider in the popup, `completing` the exchange; `error` after
 * a failure.
 */
function OAuthSignIn({ app, connectionId, client, oauthRedirectUri, timeoutMs, classNames, onConnected }: BodyProps & { timeoutMs: number }) {
  // The status, or the error that ended the last sign-in.
  const [state, setState] = useState<'idle' | 'waiting' | 'completing' | DisplayError>('idle');
  // Cancels the sign-in under way.
  const cancel = useRef<() => void>(undefined);
  const errorId = `${useId()}-error`;

  // Closing the dialog mid-sign-in closes the popup and stops listening.
  useEffect(() => () => cancel.current?.(), []);

  // Opens the popup in the click itself, or pop-up blockers refuse it.
  const signIn = (event: MouseEvent<HTMLElement>) => {
    const opener = event.currentTarget.ownerDocument.defaultView;
    if (!opener) return;
    cancel.current?.();
    const popup = opener.open('', POPUP_NAME, POPUP_FEATURES);
    if (!popup) {
      setState(toDisplayError(popupBlockedError(app.name)));
      return;
    }
    setState('waiting');
    const redirectUri = oauthRedirectUri ?? `${opener.location.origin}/oauth-callback.html`;
    cancel.current = runPopupSignIn({
      opener,
      popup,
      appName: app.name,
      timeoutMs,
      start: () => client.startOAuth(app.id, redirectUri, connectionId),
      complete: (callback) => client.completeOAuth(callback),
      onCompleting: () => setState('completing'),
      onConnected: (connection) => {
        setState('idle');
        onConnected(connection);
      },
      onFailed: (thrown) => setState(toDisplayError(thrown)),
    });
  };

  const error = typeof state === 'object' ? state : null;
  const completing = state === 'completing';
  return (
    <div {...part('oauth-sign-in', classNames)} data-state={error ? 'error' : state}>
      <button
        {...part('sign-in-button', classNames)}
        type="button"
        onClick={signIn}
        disabled={completing}
        aria-busy={completing || undefined}
        aria-describedby={error ? errorId : undefined}
      >
        {spinner(completing, classNames)}
        Sign in with {app.name}
      </button>
      {/* Always rendered, so screen readers announce what is written into it. */}
      <p {...part('oauth-status', classNames)} role="status">
        {state === 'waiting' ? `Finish signing in to ${app.name} in the window that opened.` : completing ? `Connecting ${app.name}…` : ''}
      </p>
      {formError(error, errorId, classNames)}
      <div {...part('form-actions', classNames)}>{cancelButton(classNames)}</div>
    </div>
  );
}

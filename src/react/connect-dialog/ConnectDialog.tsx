import * as Dialog from '@radix-ui/react-dialog';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { AppSummary, Connection } from '../../engine/index.ts';
import { usePortalContainer, useTributaryClient } from '../hooks/useTributaryClient.ts';
import {
  credentialsSchema,
  emptyCredentialValues,
  toCredentials,
  type CredentialValues,
} from '../utils/credentials.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { monogram } from '../utils/format.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { useControllableState } from '../utils/useControllableState.ts';
import { OAuthSignIn } from './OAuthSignIn.tsx';

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
  const portalContainer = usePortalContainer();
  // Uncontrolled use still has to close on success, so track openness here too.
  const [isOpen, setOpen] = useControllableState(open, defaultOpen ?? false, onOpenChange);
  const style = app.color ? ({ '--tributary-app-color': app.color } as CSSProperties) : undefined;
  const oauth = app.auth.type === 'oauth2';
  const connected = (connection: Connection) => {
    onConnected?.(connection);
    setOpen(false);
  };

  return (
    <Dialog.Root open={isOpen === true} onOpenChange={setOpen}>
      {children !== undefined && <Dialog.Trigger asChild>{children}</Dialog.Trigger>}
      {/* Without the provider's node Radix would portal into document.body. */}
      {portalContainer && (
        <Dialog.Portal container={portalContainer}>
          <Dialog.Overlay {...part('dialog-overlay', classNames)} />
          <Dialog.Content {...part('connect-dialog', classNames, className)} data-app-id={app.id} style={style}>
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
            {oauth ? (
              <OAuthSignIn app={app} connectionId={connectionId} timeoutMs={oauthTimeoutMs} classNames={classNames} onConnected={connected} />
            ) : (
              <ConnectForm app={app} connectionId={connectionId} classNames={classNames} onConnected={connected} />
            )}
          </Dialog.Content>
        </Dialog.Portal>
      )}
    </Dialog.Root>
  );
}

interface ConnectFormProps {
  app: AppSummary;
  connectionId: string | undefined;
  classNames: PartClassNames<ConnectDialogPart> | undefined;
  onConnected: (connection: Connection) => void;
}

/** Lives inside Dialog.Content, so closing the dialog discards what was typed. */
function ConnectForm({ app, connectionId, classNames, onConnected }: ConnectFormProps) {
  const client = useTributaryClient();
  const id = useId();
  const fields = app.auth.fields;
  const schema = useMemo(() => credentialsSchema(fields), [fields]);
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
    resolver: zodResolver(schema),
    defaultValues: emptyCredentialValues(fields),
  });

  const failed = (error: unknown) => {
    setSubmitError(toDisplayError(error));
    const first = fields[0];
    if (first) setFocus(first.name);
  };

  const onSubmit = handleSubmit(async (values) => {
    setSubmitError(null);
    const credentials = toCredentials(app.auth.type, values as CredentialValues);
    if (!credentials) return;
    try {
      const connection =
        connectionId === undefined ? await client.connect({ appId: app.id, credentials }) : await client.reconnect(connectionId, credentials);
      onConnected(connection);
    } catch (error) {
      failed(error);
    }
  });

  // Checks what was entered against the app; nothing is saved, and the form keeps its values.
  const onTest = async () => {
    setSubmitError(null);
    setTest('idle');
    if (!(await trigger())) return;
    const credentials = toCredentials(app.auth.type, getValues() as CredentialValues);
    if (!credentials) return;
    setTest('testing');
    try {
      await client.testCredentials({ appId: app.id, credentials });
      setTest('passed');
    } catch (error) {
      setTest('idle');
      failed(error);
    }
  };

  const testing = test === 'testing';
  const busy = isSubmitting || testing;
  const state = isSubmitting ? 'submitting' : testing ? 'testing' : submitError ? 'error' : 'idle';
  const errorId = `${id}-error`;
  const reconnecting = connectionId !== undefined;
  return (
    <form
      {...part('connect-form', classNames)}
      data-state={state}
      noValidate
      aria-describedby={submitError ? errorId : undefined}
      onSubmit={(event) => void onSubmit(event)}
    >
      {fields.map((field) => {
        const inputId = `${id}-${field.name}`;
        const fieldErrorId = `${inputId}-error`;
        const message = errors[field.name]?.message;
        return (
          <div {...part('form-field', classNames)} key={field.name} data-field={field.name}>
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
      {submitError && (
        <div {...part('form-error', classNames)} id={errorId} role="alert" data-error-code={submitError.code}>
          {submitError.message}
        </div>
      )}
      {/* Always rendered, so screen readers announce the result written into it. */}
      <p {...part('test-result', classNames)} role="status" data-state={test === 'passed' ? 'passed' : 'idle'}>
        {test === 'passed' ? `${app.name} accepted these credentials. Nothing is saved until you ${reconnecting ? 'reconnect' : 'connect'}.` : ''}
      </p>
      <div {...part('form-actions', classNames)}>
        <Dialog.Close {...part('cancel-button', classNames)} type="button">
          Cancel
        </Dialog.Close>
        <button {...part('test-button', classNames)} type="button" disabled={busy} aria-busy={testing || undefined} onClick={() => void onTest()}>
          {testing && <span {...part('spinner', classNames)} aria-hidden="true" />}
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button {...part('submit-button', classNames)} type="submit" disabled={busy} aria-busy={isSubmitting || undefined}>
          {isSubmitting && <span {...part('spinner', classNames)} aria-hidden="true" />}
          {isSubmitting ? (reconnecting ? 'Reconnecting…' : 'Connecting…') : reconnecting ? 'Reconnect' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

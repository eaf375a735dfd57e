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
  | 'submit-button'
  | 'spinner'
  | 'unsupported';

/**
 * A modal form that connects one app, portalled into the provider's portal node.
 *
 * Data attributes:
 * - `[data-part="connect-dialog"]` and `[data-part="dialog-overlay"]`: `data-state="open" | "closed"`.
 * - `[data-part="connect-form"]`: `data-state="idle" | "submitting" | "error"`.
 * - `[data-part="field-input"]`: `data-invalid` when the field has an error.
 * - `[data-part="form-error"]` (`role="alert"`): `data-error-code`, the TributaryError's code.
 * - `[data-part="unsupported"]`: shown instead of the form for auth types this dialog cannot collect (OAuth).
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
  children,
  className,
  classNames,
}: ConnectDialogProps) {
  const portalContainer = usePortalContainer();
  // Uncontrolled use still has to close on success, so track openness here too.
  const [uncontrolledOpen, setUncontrolledOpen] = useState(defaultOpen ?? false);
  const isOpen = open ?? uncontrolledOpen;
  const setOpen = (next: boolean) => {
    if (open === undefined) setUncontrolledOpen(next);
    onOpenChange?.(next);
  };
  const style = app.color ? ({ '--tributary-app-color': app.color } as CSSProperties) : undefined;

  return (
    <Dialog.Root open={isOpen} onOpenChange={setOpen}>
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
              <Dialog.Title {...part('dialog-title', classNames)}>Connect {app.name}</Dialog.Title>
            </div>
            <Dialog.Description {...part('dialog-description', classNames)}>
              {app.auth.helpText ?? `Enter your ${app.name} credentials. They are stored securely and never shown again.`}
            </Dialog.Description>
            {app.auth.type === 'oauth2' ? (
              <>
                <p {...part('unsupported', classNames)}>
                  {app.name} signs in with OAuth, which is not yet supported here.
                </p>
                <div {...part('form-actions', classNames)}>
                  <Dialog.Close {...part('cancel-button', classNames)}>Close</Dialog.Close>
                </div>
              </>
            ) : (
              <ConnectForm
                app={app}
                classNames={classNames}
                onConnected={(connection) => {
                  onConnected?.(connection);
                  setOpen(false);
                }}
              />
            )}
          </Dialog.Content>
        </Dialog.Portal>
      )}
    </Dialog.Root>
  );
}

interface ConnectFormProps {
  app: AppSummary;
  classNames: PartClassNames<ConnectDialogPart> | undefined;
  onConnected: (connection: Connection) => void;
}

/** Lives inside Dialog.Content, so closing the dialog discards what was typed. */
function ConnectForm({ app, classNames, onConnected }: ConnectFormProps) {
  const client = useTributaryClient();
  const id = useId();
  const fields = app.auth.fields;
  const schema = useMemo(() => credentialsSchema(fields), [fields]);
  const [submitError, setSubmitError] = useState<DisplayError | null>(null);
  const {
    register,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<Record<string, string>>({
    resolver: zodResolver(schema),
    defaultValues: emptyCredentialValues(fields),
  });

  const onSubmit = handleSubmit(async (values) => {
    setSubmitError(null);
    const credentials = toCredentials(app.auth.type, values as CredentialValues);
    if (!credentials) return;
    try {
      const connection = await client.connect({ appId: app.id, credentials });
      onConnected(connection);
    } catch (error) {
      setSubmitError(toDisplayError(error));
      const first = fields[0];
      if (first) setFocus(first.name);
    }
  });

  const state = isSubmitting ? 'submitting' : submitError ? 'error' : 'idle';
  const errorId = `${id}-error`;
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
              {...register(field.name)}
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
      <div {...part('form-actions', classNames)}>
        <Dialog.Close {...part('cancel-button', classNames)} type="button">
          Cancel
        </Dialog.Close>
        <button {...part('submit-button', classNames)} type="submit" disabled={isSubmitting} aria-busy={isSubmitting || undefined}>
          {isSubmitting && <span {...part('spinner', classNames)} aria-hidden="true" />}
          {isSubmitting ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

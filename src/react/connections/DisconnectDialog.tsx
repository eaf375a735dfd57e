import * as Dialog from '@radix-ui/react-dialog';
import { useRef } from 'react';
import type { ConnectionsListItem } from '../hooks/useConnectionsList.ts';
import { usePortalContainer } from '../hooks/useTributaryClient.ts';
import type { DisplayError } from '../utils/errors.ts';
import { part } from '../utils/part.ts';
import type { ConnectionsClassNames } from './connectionsContext.ts';

export interface DisconnectDialogProps {
  /** The connection to confirm; kept while the dialog closes. */
  item: ConnectionsListItem | undefined;
  open: boolean;
  disconnecting: boolean;
  error: DisplayError | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where focus goes once the dialog has closed. */
  onClosed: () => void;
  classNames: ConnectionsClassNames | undefined;
}

/**
 * Asks before a connection is removed, as an alert dialog portalled into the provider's node. Focus starts on
 * Cancel, the safe choice; it cannot be dismissed while the disconnect is under way.
 *
 * Data attributes: `[data-part="disconnect-dialog"]`: `data-state="open" | "closed"`; `data-connection-id`;
 * `data-pending` while disconnecting.
 */
export function DisconnectDialog({ item, open, disconnecting, error, onConfirm, onCancel, onClosed, classNames }: DisconnectDialogProps) {
  const portalContainer = usePortalContainer();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const name = item?.connection.appName ?? '';
  return (
    <Dialog.Root
      open={open && item !== undefined}
      onOpenChange={(next) => {
        if (!next && !disconnecting) onCancel();
      }}
    >
      {/* Without the provider's node Radix would portal into document.body. */}
      {portalContainer && item && (
        <Dialog.Portal container={portalContainer}>
          <Dialog.Overlay {...part('dialog-overlay', classNames)} />
          <Dialog.Content
            {...part('disconnect-dialog', classNames)}
            role="alertdialog"
            data-connection-id={item.connection.id}
            data-pending={disconnecting ? '' : undefined}
            aria-busy={disconnecting || undefined}
            onOpenAutoFocus={(event) => {
              event.preventDefault();
              cancelRef.current?.focus();
            }}
            onCloseAutoFocus={(event) => {
              event.preventDefault();
              onClosed();
            }}
          >
            <Dialog.Title {...part('dialog-title', classNames)}>Disconnect {name}?</Dialog.Title>
            <Dialog.Description {...part('dialog-description', classNames)}>
              Imports from {name} stop, and its credentials and field mappings are deleted. Records already imported
              stay where they are, and past runs stay in the history. You can connect {name} again later.
            </Dialog.Description>
            {error && (
              <p {...part('form-error', classNames)} role="alert" data-error-code={error.code}>
                {name} could not be disconnected. {error.message}
              </p>
            )}
            <div {...part('form-actions', classNames)}>
              <Dialog.Close {...part('cancel-button', classNames)} ref={cancelRef} type="button" disabled={disconnecting}>
                Cancel
              </Dialog.Close>
              <button
                {...part('confirm-disconnect-button', classNames)}
                type="button"
                disabled={disconnecting}
                aria-busy={disconnecting || undefined}
                onClick={onConfirm}
              >
                {disconnecting && <span {...part('spinner', classNames)} aria-hidden="true" />}
                {disconnecting ? 'Disconnecting…' : 'Disconnect'}
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      )}
    </Dialog.Root>
  );
}

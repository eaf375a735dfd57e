import type { Connection } from '../../engine/index.ts';
import type { ConnectDialogPart } from '../connect-dialog/ConnectDialog.tsx';
import type { ConnectionsListItem, UseConnectionsListResult } from '../hooks/useConnectionsList.ts';
import { createPartsContext } from '../utils/createPartsContext.ts';
import type { PartClassNames } from '../utils/part.ts';

/** Every `data-part` the connections parts render (the reconnect dialog's own parts too). */
export type ConnectionsPart =
  | 'connections'
  | 'connections-loading'
  | 'connections-error'
  | 'connections-error-message'
  | 'retry-button'
  | 'connections-empty'
  | 'connection-list'
  | 'connection-item'
  | 'app-monogram'
  | 'connection-body'
  | 'connection-name'
  | 'connection-status'
  | 'connection-created'
  | 'connection-created-time'
  | 'last-import'
  | 'last-import-status'
  | 'last-import-time'
  | 'connection-error'
  | 'connection-hint'
  | 'connection-actions'
  | 'reconnect-button'
  | 'disconnect-button'
  | 'disconnect-dialog'
  | 'dialog-overlay'
  | 'dialog-title'
  | 'dialog-description'
  | 'form-error'
  | 'form-actions'
  | 'cancel-button'
  | 'confirm-disconnect-button'
  | 'spinner'
  | 'live-region';

export type ConnectionsClassNames = PartClassNames<ConnectionsPart | ConnectDialogPart>;

export interface ConnectionsContextValue extends UseConnectionsListResult {
  classNames: ConnectionsClassNames | undefined;
  /** Opens the confirmation for disconnecting `item`; focus goes back to `trigger` if it is cancelled. */
  requestDisconnect: (item: ConnectionsListItem, trigger: HTMLElement | null) => void;
  /** Called by the reconnect dialog once the connection has new credentials. */
  reconnected: (connection: Connection) => void;
}

export const [ConnectionsContext, useConnectionsContext] = createPartsContext<ConnectionsContextValue>(
  'ConnectionsContext',
  '<Connections.Root>',
);

/** The connection an `Item` shows, for the parts inside it. */
export const [ConnectionItemContext] = createPartsContext<ConnectionsListItem>('ConnectionItemContext', '<Connections.Item>');

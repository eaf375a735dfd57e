import type { AppSummary, Connection, Credentials, RunSnapshot } from '../../engine/index.ts';
import type { DisplayError } from '../utils/errors.ts';

/** One connection with what the list shows about it. */
export interface ConnectionsListItem {
  connection: Connection;
  /** The connected app, for its name, colour and auth scheme; undefined if the engine no longer offers it. */
  app: AppSummary | undefined;
  /** The connection's newest full import, live. */
  lastImport: RunSnapshot | undefined;
}

/** `loading` until the client has its first connections. */
export type ConnectionsListStatus = 'loading' | 'error' | 'empty' | 'success';

/** A command under way on one connection. */
export type ConnectionAction = 'reconnecting' | 'disconnecting';

export interface UseConnectionsListResult {
  status: ConnectionsListStatus;
  /** Why the connections could not be loaded. */
  error: DisplayError | undefined;
  /** Loads them again after an error. */
  reload: () => void;
  /** Oldest first, as the engine lists them. */
  items: readonly ConnectionsListItem[];
  /** The command under way per connection id. */
  pending: Readonly<Record<string, ConnectionAction>>;
  /** The last failed command's error per connection id, until the next attempt. */
  errors: Readonly<Record<string, DisplayError>>;
  /** New credentials for a connection, keeping its id, mappings and runs; undefined when it failed (see `errors`). */
  reconnect: (connectionId: string, credentials: Credentials) => Promise<Connection | undefined>;
  /** Removes the connection; false when it failed (see `errors`). */
  disconnect: (connectionId: string) => Promise<boolean>;
}

export { useConnectionsList } from '../connections/Connections.tsx';

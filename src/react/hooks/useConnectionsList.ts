import { useCallback, useMemo, useState } from 'react';
import type { AppSummary, Connection, Credentials, RunSnapshot } from '../../engine/index.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { useApps } from './useApps.ts';
import { useClientLoad } from './useClientLoad.ts';
import { useConnections } from './useConnections.ts';
import { useRuns } from './useRuns.ts';
import { useTributaryClient } from './useTributaryClient.ts';

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

function newestImports(runs: readonly RunSnapshot[]): Map<string, RunSnapshot> {
  const newest = new Map<string, RunSnapshot>();
  // Runs come newest first, so the first import seen per connection is its last one.
  for (const run of runs) {
    if (run.kind === 'import' && !newest.has(run.dataSource.connectionId)) newest.set(run.dataSource.connectionId, run);
  }
  return newest;
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/**
 * Everything `<Connections/>` shows, for a host that brings its own markup: each connection with its app and
 * last import, and reconnect / disconnect with their progress and errors.
 */
export function useConnectionsList(): UseConnectionsListResult {
  const client = useTributaryClient();
  const { status: clientStatus, error, reload } = useClientLoad();
  const connections = useConnections();
  const apps = useApps();
  const runs = useRuns();
  const [pending, setPending] = useState<Readonly<Record<string, ConnectionAction>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, DisplayError>>>({});

  const lastImports = useMemo(() => newestImports(runs), [runs]);
  const items = useMemo(
    () =>
      connections.map((connection) => ({
        connection,
        app: apps.find((app) => app.id === connection.appId),
        lastImport: lastImports.get(connection.id),
      })),
    [connections, apps, lastImports],
  );

  const run = useCallback(
    async <T>(connectionId: string, action: ConnectionAction, command: () => Promise<T>): Promise<T | undefined> => {
      setPending((current) => ({ ...current, [connectionId]: action }));
      setErrors((current) => without(current, connectionId));
      try {
        return await command();
      } catch (thrown) {
        setErrors((current) => ({ ...current, [connectionId]: toDisplayError(thrown) }));
        return undefined;
      } finally {
        setPending((current) => without(current, connectionId));
      }
    },
    [],
  );
  const reconnect = useCallback(
    (connectionId: string, credentials: Credentials) =>
      run(connectionId, 'reconnecting', () => client.reconnect(connectionId, credentials)),
    [client, run],
  );
  const disconnect = useCallback(
    async (connectionId: string) =>
      (await run(connectionId, 'disconnecting', () => client.disconnect(connectionId).then(() => true))) ?? false,
    [client, run],
  );

  const status: ConnectionsListStatus =
    clientStatus === 'error' ? 'error' : clientStatus !== 'ready' ? 'loading' : items.length === 0 ? 'empty' : 'success';
  return {
    status,
    error,
    reload,
    items,
    pending,
    errors,
    reconnect,
    disconnect,
  };
}

import * as Dialog from '@radix-ui/react-dialog';
import { useContext, useRef, useState, type ReactNode } from 'react';
import type { Connection } from '../../engine/index.ts';
import { ConnectDialog } from '../connect-dialog/ConnectDialog.tsx';
import { useApps } from '../hooks/useApps.ts';
import { listStatus, useClientLoad } from '../hooks/useClientLoad.ts';
import { useConnections } from '../hooks/useConnections.ts';
import type { ConnectionAction, ConnectionsListItem, UseConnectionsListResult } from '../hooks/useConnectionsList.ts';
import { useRuns } from '../hooks/useRuns.ts';
import { usePortalContainer, useTributaryClient } from '../hooks/useTributaryClient.ts';
import { loadStandIn } from '../parts/LoadError.tsx';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { appColor, formatDateTime, isoDateTime, monogram } from '../utils/format.ts';
import { connectionStatusLabel, isRunActive, runStatusLabel } from '../utils/labels.ts';
import { part, regionProps } from '../utils/part.ts';
import { visuallyHidden } from '../utils/visuallyHidden.ts';
import {
  ConnectionItemContext,
  ConnectionsContext,
  useConnectionsContext,
  type ConnectionsClassNames,
} from './connectionsContext.ts';

export type { ConnectionsPart } from './connectionsContext.ts';

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** Reconnect and disconnect, with the command under way and the last failure per connection id. */
export function useConnectionCommands(): Pick<UseConnectionsListResult, 'pending' | 'errors' | 'reconnect' | 'disconnect'> {
  const client = useTributaryClient();
  const [pending, setPending] = useState<Readonly<Record<string, ConnectionAction>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, DisplayError>>>({});

  /** Tracks a command on a connection: under way, then its error if it failed (resolving to undefined). */
  const track = <T,>(connectionId: string, action: ConnectionAction, command: Promise<T>): Promise<T | undefined> => {
    setPending((current) => ({ ...current, [connectionId]: action }));
    setErrors((current) => without(current, connectionId));
    return command
      .catch((thrown: unknown) => {
        setErrors((current) => ({ ...current, [connectionId]: toDisplayError(thrown) }));
        return undefined;
      })
      .finally(() => setPending((current) => without(current, connectionId)));
  };

  return {
    pending,
    errors,
    reconnect: (connectionId, credentials) => track(connectionId, 'reconnecting', client.reconnect(connectionId, credentials)),
    disconnect: async (connectionId) =>
      (await track(connectionId, 'disconnecting', client.disconnect(connectionId).then(() => true))) ?? false,
  };
}

/**
 * Everything `<Connections/>` shows, for a host that brings its own markup: each connection with its app and
 * last import, and reconnect / disconnect with their progress and errors.
 */
export function useConnectionsList(): UseConnectionsListResult {
  const { status, error, reload } = useClientLoad();
  const connections = useConnections();
  const apps = useApps();
  const runs = useRuns();
  return {
    status: listStatus(status, connections.length),
    error,
    reload,
    items: connections.map((connection) => ({
      connection,
      app: apps.find((app) => app.id === connection.appId),
      // Runs come newest first, so the first import of the connection is its last one.
      lastImport: runs.find((run) => run.kind === 'import' && run.dataSource.connectionId === connection.id),
    })),
    ...useConnectionCommands(),
  };
}

/** What a part that shows one connection reads: the Root's context, and the item it is given or is inside. */
function useItemPart(caller: string, given: ConnectionsListItem | undefined) {
  const context = useConnectionsContext(caller);
  const inside = useContext(ConnectionItemContext);
  const item = given ?? inside;
  if (!item) throw new Error(`${caller} must be used inside <Connections.Item> or be given an item.`);
  return [context, item] as const;
}

/**
 * Holds what the parts share (the connections, their last imports, the actions under way) and renders their
 * region, the disconnect confirmation, and a polite live region that says when a connection was reconnected or
 * disconnected. After a disconnect, focus moves to the region (the button that asked is gone).
 *
 * Data attributes:
 * - `[data-part="connections"]`: `data-state="loading" | "error" | "empty" | "success"`.
 * - `[data-part="live-region"]`: the visually hidden `role="status"` region.
 */
export interface ConnectionsRootProps {
  children?: ReactNode;
  /** Class for the region. */
  className?: string;
  /** Classes for the parts inside (and the reconnect dialog's), by `data-part` name. */
  classNames?: ConnectionsClassNames;
  /** @default 'Connections' */
  'aria-label'?: string;
  /** Called with the connection once new credentials are saved (same id, mappings and runs). */
  onReconnected?: (connection: Connection) => void;
  /** Called with the id of a connection once it is disconnected. */
  onDisconnected?: (connectionId: string) => void;
}

interface Confirmation {
  item: ConnectionsListItem;
  open: boolean;
  /** Whether Disconnect was pressed in this dialog, so only its own failure shows. */
  attempted: boolean;
}

function Root({ children, className, classNames, 'aria-label': label = 'Connections', onReconnected, onDisconnected }: ConnectionsRootProps) {
  const list = useConnectionsList();
  const portalContainer = usePortalContainer();
  const regionRef = useRef<HTMLElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const close = () => setConfirmation((current) => current && { ...current, open: false });
  const item = confirmation?.item;
  const connection = item?.connection;
  const disconnecting = !!connection && list.pending[connection.id] === 'disconnecting';
  const error = connection && confirmation?.attempted ? list.errors[connection.id] : undefined;
  const name = connection?.appName;
  return (
    <ConnectionsContext.Provider
      value={{
        ...list,
        classNames,
        requestDisconnect: (requested, trigger) => {
          returnFocus.current = trigger;
          setConfirmation({ item: requested, open: true, attempted: false });
        },
        reconnected: (reconnected) => {
          setAnnouncement(`${reconnected.appName} reconnected.`);
          onReconnected?.(reconnected);
        },
      }}
    >
      <section {...part('connections', classNames, className)} ref={regionRef} tabIndex={-1} {...regionProps(list.status, label)}>
        {children}
        <p {...part('live-region', classNames)} role="status" aria-live="polite" style={visuallyHidden}>
          {announcement}
        </p>
        {/*
          Asks before a connection is removed, as an alert dialog portalled into the provider's node. Focus starts on
          Cancel, the safe choice: the dialog focuses its first tabbable element, and Cancel comes first. It cannot be
          dismissed while the disconnect is under way. The connection is kept while the dialog closes.
        */}
        <Dialog.Root
          open={!!confirmation?.open}
          onOpenChange={(next) => {
            if (!next && !disconnecting) close();
          }}
        >
          {/* Without the provider's node Radix would portal into document.body. */}
          {portalContainer && connection && (
            <Dialog.Portal container={portalContainer}>
              <Dialog.Overlay {...part('dialog-overlay', classNames)} />
              <Dialog.Content
                {...part('disconnect-dialog', classNames)}
                role="alertdialog"
                data-connection-id={connection.id}
                data-pending={disconnecting ? '' : undefined}
                aria-busy={disconnecting || undefined}
                onCloseAutoFocus={(event) => {
                  event.preventDefault();
                  const trigger = returnFocus.current;
                  returnFocus.current = null;
                  // The trigger is gone with its connection after a disconnect: the region is the nearest stable place.
                  (trigger?.isConnected ? trigger : regionRef.current)?.focus();
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
                  <Dialog.Close {...part('cancel-button', classNames)} type="button" disabled={disconnecting}>
                    Cancel
                  </Dialog.Close>
                  <button
                    {...part('confirm-disconnect-button', classNames)}
                    type="button"
                    disabled={disconnecting}
                    aria-busy={disconnecting || undefined}
                    onClick={async () => {
                      setConfirmation({ ...confirmation!, attempted: true });
                      if (!(await list.disconnect(connection.id))) return;
                      close();
                      setAnnouncement(`${name} disconnected.`);
                      onDisconnected?.(connection.id);
                    }}
                  >
                    {disconnecting && <span {...part('spinner', classNames)} aria-hidden="true" />}
                    {disconnecting ? 'Disconnecting…' : 'Disconnect'}
                  </button>
                </div>
              </Dialog.Content>
            </Dialog.Portal>
          )}
        </Dialog.Root>
      </section>
    </ConnectionsContext.Provider>
  );
}

/**
 * The connections, oldest first, each as an `Item` (or what `children` renders for it). Until they are loaded,
 * when loading failed (with a retry), or when there are none, it says so instead.
 *
 * Data attributes:
 * - `[data-part="connection-list"]`: `data-count`.
 * - `[data-part="connections-loading"]`, `[data-part="connections-error"]` (`role="alert"`, `data-error-code`) and
 *   `[data-part="connections-empty"]` stand in for the list.
 */
export interface ConnectionsListProps {
  className?: string;
  /** Renders one connection; by default, `<Connections.Item item={item}/>`. */
  children?: (item: ConnectionsListItem) => ReactNode;
  /**
   * What the empty state says.
   * @default 'No apps connected yet.'
   */
  emptyText?: ReactNode;
}

function List({ className, children, emptyText = 'No apps connected yet.' }: ConnectionsListProps) {
  const list = useConnectionsContext('Connections.List');
  const { status, items, classNames } = list;
  const standIn = loadStandIn(list, classNames, className, 'connections-loading', 'connections-error', 'Loading connections…', 'Connections could not be loaded. ', true);
  if (standIn) return standIn;
  if (status === 'empty') {
    return <p {...part('connections-empty', classNames, className)}>{emptyText}</p>;
  }
  return (
    <ul {...part('connection-list', classNames, className)} data-count={items.length}>
      {items.map((item) => (
        <ConnectionItemContext.Provider key={item.connection.id} value={item}>
          {children ? children(item) : <Item item={item} />}
        </ConnectionItemContext.Provider>
      ))}
    </ul>
  );
}

/**
 * One connection as a list item: the app's monogram and name, its status, when it was added, its last import,
 * what went wrong, and its actions; or `children` in its place, which can use the parts below without an `item`.
 *
 * Data attributes: `[data-part="connection-item"]`: `data-state`, the connection's status
 * (`connected | needs-reauth | error | disconnected`); `data-connection-id`; `data-app-id`; the app's colour is in
 * `--tributary-app-color`.
 */
export interface ConnectionsItemProps {
  item: ConnectionsListItem;
  className?: string;
  children?: ReactNode;
}

/** A time for people, with the machine-readable one; the server's clock and locale may differ from the browser's. */
const time = (name: 'connection-created-time' | 'last-import-time', at: number, classNames: ConnectionsClassNames | undefined) => (
  <time {...part(name, classNames)} dateTime={isoDateTime(at)} suppressHydrationWarning>
    {formatDateTime(at)}
  </time>
);

function Item({ item, className, children }: ConnectionsItemProps) {
  const { classNames } = useConnectionsContext('Connections.Item');
  const { connection } = item;
  return (
    <ConnectionItemContext.Provider value={item}>
      <li
        {...part('connection-item', classNames, className)}
        data-state={connection.status}
        data-connection-id={connection.id}
        data-app-id={connection.appId}
        style={appColor(item.app?.color)}
      >
        {children ?? (
          <>
            <span {...part('app-monogram', classNames)} aria-hidden="true">
              {monogram(connection.appName)}
            </span>
            <div {...part('connection-body', classNames)}>
              <h3 {...part('connection-name', classNames)}>{connection.appName}</h3>
              <Status />
              <p {...part('connection-created', classNames)}>
                Added {time('connection-created-time', connection.createdAt, classNames)}
              </p>
              <LastImport />
              <Problem />
            </div>
            <Actions />
          </>
        )}
      </li>
    </ConnectionItemContext.Provider>
  );
}

/** Props of the parts that show one connection: inside an `Item`, or given one. */
export interface ConnectionsItemPartProps {
  className?: string;
  /** The connection to show. @default the enclosing Item's */
  item?: ConnectionsListItem;
}

/** The connection's status as a badge. Data attributes: `[data-part="connection-status"]`: `data-state`, the status. */
function Status({ className, item: given }: ConnectionsItemPartProps) {
  const [{ classNames }, { connection }] = useItemPart('Connections.Status', given);
  return (
    <span {...part('connection-status', classNames, className)} data-state={connection.status}>
      {connectionStatusLabel(connection.status)}
    </span>
  );
}

/**
 * The connection's newest full import: its status and when it started or finished, live.
 *
 * Data attributes: `[data-part="last-import"]`: `data-state`, the run's status, or `none`; `data-run-id`.
 */
function LastImport({ className, item: given }: ConnectionsItemPartProps) {
  const [{ classNames }, { lastImport: run }] = useItemPart('Connections.LastImport', given);
  if (!run) {
    return (
      <p {...part('last-import', classNames, className)} data-state="none">
        No imports yet
      </p>
    );
  }
  return (
    <p {...part('last-import', classNames, className)} data-state={run.status} data-run-id={run.id}>
      Last import:{' '}
      <span {...part('last-import-status', classNames)} data-state={run.status}>
        {runStatusLabel(run.status)}
      </span>
      , {isRunActive(run.status) ? (run.startedAt === undefined ? 'queued' : 'started') : 'finished'}{' '}
      {time('last-import-time', run.finishedAt ?? run.startedAt ?? run.createdAt, classNames)}
    </p>
  );
}

/**
 * What is wrong with the connection, if anything: the engine's error message, and for `needs-reauth` what to do.
 *
 * Data attributes: `[data-part="connection-error"]`: `data-error-code`; `[data-part="connection-hint"]`.
 */
function Problem({ className, item: given }: ConnectionsItemPartProps) {
  const [{ classNames }, { connection }] = useItemPart('Connections.Problem', given);
  return (
    <>
      {connection.error && (
        <p {...part('connection-error', classNames, className)} data-error-code={connection.error.code}>
          {connection.error.message}
        </p>
      )}
      {connection.status === 'needs-reauth' && (
        <p {...part('connection-hint', classNames)}>
          {connection.appName} no longer accepts the saved credentials. Reconnect to resume its imports; its mappings and
          runs are kept.
        </p>
      )}
    </>
  );
}

/**
 * Reconnect (re-authenticate in place, keeping the connection's id, mappings and runs, in the connect dialog) and
 * Disconnect (after a confirmation).
 *
 * Data attributes: `[data-part="connection-actions"]`: `data-state="idle" | "reconnecting" | "disconnecting"`;
 * `[data-part="reconnect-button"]`: `data-suggested` when the connection is not `connected`.
 */
function Actions({ className, item: given }: ConnectionsItemPartProps) {
  const [{ classNames, pending, requestDisconnect, reconnected }, item] = useItemPart('Connections.Actions', given);
  const { connection, app } = item;
  const busy = pending[connection.id];
  return (
    <div
      {...part('connection-actions', classNames, className)}
      role="group"
      aria-label={`${connection.appName} actions`}
      data-state={busy ?? 'idle'}
    >
      {/* Without the app (no longer offered) there is no form to re-authenticate with. */}
      {app && (
        <ConnectDialog app={app} connectionId={connection.id} onConnected={reconnected} classNames={classNames}>
          <button
            {...part('reconnect-button', classNames)}
            type="button"
            disabled={busy !== undefined}
            data-suggested={connection.status === 'connected' ? undefined : ''}
            aria-label={`Reconnect ${connection.appName}`}
          >
            Reconnect
          </button>
        </ConnectDialog>
      )}
      <button
        {...part('disconnect-button', classNames)}
        type="button"
        disabled={busy !== undefined}
        aria-haspopup="dialog"
        aria-label={`Disconnect ${connection.appName}`}
        onClick={(event) => requestDisconnect(item, event.currentTarget)}
      >
        {busy === 'disconnecting' ? 'Disconnecting…' : 'Disconnect'}
      </button>
    </div>
  );
}

/**
 * The tenant's connections: each app with its status, when it was added, its last import and what went wrong,
 * with Reconnect (re-authenticate in place) and Disconnect (after a confirmation).
 *
 * Composed of `Connections.Root`, `.List`, `.Item` (itself made of `.Status`, `.LastImport`, `.Problem` and
 * `.Actions`); hosts can compose those in their own layout, or use `useConnectionsList` with their own markup.
 */
export interface ConnectionsProps extends Omit<ConnectionsRootProps, 'children'>, Pick<ConnectionsListProps, 'emptyText'> {}

export function Connections({ emptyText, ...root }: ConnectionsProps) {
  return (
    <Root {...root}>
      <List emptyText={emptyText} />
    </Root>
  );
}

Connections.Root = Root;
Connections.List = List;
Connections.Item = Item;
Connections.Status = Status;
Connections.LastImport = LastImport;
Connections.Problem = Problem;
Connections.Actions = Actions;

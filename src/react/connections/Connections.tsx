import { useCallback, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { Connection, RunSnapshot } from '../../engine/index.ts';
import { ConnectDialog } from '../connect-dialog/ConnectDialog.tsx';
import { useConnectionsList, type ConnectionsListItem } from '../hooks/useConnectionsList.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { formatDateTime, isoDateTime, monogram } from '../utils/format.ts';
import { connectionStatusLabel, isRunActive, runStatusLabel } from '../utils/labels.ts';
import { part } from '../utils/part.ts';
import { visuallyHidden } from '../utils/visuallyHidden.ts';
import {
  ConnectionItemContext,
  ConnectionsContext,
  useConnectionItem,
  useConnectionsContext,
  type ConnectionsClassNames,
  type ConnectionsContextValue,
} from './connectionsContext.ts';
import { DisconnectDialog } from './DisconnectDialog.tsx';

export type { ConnectionsPart } from './connectionsContext.ts';

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
  const regionRef = useRef<HTMLElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const requestDisconnect = useCallback((item: ConnectionsListItem, trigger: HTMLElement | null) => {
    returnFocus.current = trigger;
    setConfirmation({ item, open: true, attempted: false });
  }, []);
  const reconnected = useCallback(
    (connection: Connection) => {
      setAnnouncement(`${connection.appName} reconnected.`);
      onReconnected?.(connection);
    },
    [onReconnected],
  );
  const { disconnect } = list;
  const confirm = async () => {
    if (!confirmation) return;
    const { connection } = confirmation.item;
    setConfirmation({ ...confirmation, attempted: true });
    if (!(await disconnect(connection.id))) return;
    setConfirmation((current) => current && { ...current, open: false });
    setAnnouncement(`${connection.appName} disconnected.`);
    onDisconnected?.(connection.id);
  };
  const onClosed = () => {
    const trigger = returnFocus.current;
    returnFocus.current = null;
    // The trigger is gone with its connection after a disconnect: the region is the nearest stable place.
    if (trigger?.isConnected) trigger.focus();
    else regionRef.current?.focus();
  };

  const confirming = confirmation?.item.connection.id;
  const value: ConnectionsContextValue = { ...list, classNames, requestDisconnect, reconnected };
  return (
    <ConnectionsContext.Provider value={value}>
      <section
        {...part('connections', classNames, className)}
        ref={regionRef}
        tabIndex={-1}
        data-state={list.status}
        aria-label={label}
        aria-busy={list.status === 'loading' || undefined}
      >
        {children}
        <p {...part('live-region', classNames)} role="status" aria-live="polite" style={visuallyHidden}>
          {announcement}
        </p>
        <DisconnectDialog
          item={confirmation?.item}
          open={confirmation?.open ?? false}
          disconnecting={confirming !== undefined && list.pending[confirming] === 'disconnecting'}
          error={confirming !== undefined && confirmation?.attempted ? list.errors[confirming] : undefined}
          onConfirm={() => void confirm()}
          onCancel={() => setConfirmation((current) => current && { ...current, open: false })}
          onClosed={onClosed}
          classNames={classNames}
        />
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
  const { status, error, reload, items, classNames } = useConnectionsContext('Connections.List');
  if (status === 'loading') {
    return (
      <LoadingMessage part="connections-loading" classNames={classNames} className={className} spinner role="status">
        Loading connections…
      </LoadingMessage>
    );
  }
  if (status === 'error') {
    return (
      <LoadError
        part="connections-error"
        messagePart="connections-error-message"
        classNames={classNames}
        className={className}
        data-error-code={error?.code}
        onRetry={reload}
      >
        Connections could not be loaded. {error?.message}
      </LoadError>
    );
  }
  if (status === 'empty') {
    return <p {...part('connections-empty', classNames, className)}>{emptyText}</p>;
  }
  return (
    <ul {...part('connection-list', classNames, className)} data-count={items.length}>
      {items.map((item) =>
        children ? (
          <ConnectionItemContext.Provider key={item.connection.id} value={item}>
            {children(item)}
          </ConnectionItemContext.Provider>
        ) : (
          <Item key={item.connection.id} item={item} />
        ),
      )}
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

function Item({ item, className, children }: ConnectionsItemProps) {
  const { classNames } = useConnectionsContext('Connections.Item');
  const { connection, app } = item;
  const style = app?.color ? ({ '--tributary-app-color': app.color } as CSSProperties) : undefined;
  return (
    <ConnectionItemContext.Provider value={item}>
      <li
        {...part('connection-item', classNames, className)}
        data-state={connection.status}
        data-connection-id={connection.id}
        data-app-id={connection.appId}
        style={style}
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
                Added{' '}
                <time
                  {...part('connection-created-time', classNames)}
                  dateTime={isoDateTime(connection.createdAt)}
                  suppressHydrationWarning
                >
                  {formatDateTime(connection.createdAt)}
                </time>
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
  const { classNames } = useConnectionsContext('Connections.Status');
  const { connection } = useConnectionItem('Connections.Status', given);
  return (
    <span {...part('connection-status', classNames, className)} data-state={connection.status}>
      {connectionStatusLabel(connection.status)}
    </span>
  );
}

function lastImportText(run: RunSnapshot): string {
  return isRunActive(run.status) ? (run.startedAt === undefined ? 'queued' : 'started') : 'finished';
}

/**
 * The connection's newest full import: its status and when it started or finished, live.
 *
 * Data attributes: `[data-part="last-import"]`: `data-state`, the run's status, or `none`; `data-run-id`.
 */
function LastImport({ className, item: given }: ConnectionsItemPartProps) {
  const { classNames } = useConnectionsContext('Connections.LastImport');
  const { lastImport: run } = useConnectionItem('Connections.LastImport', given);
  if (!run) {
    return (
      <p {...part('last-import', classNames, className)} data-state="none">
        No imports yet
      </p>
    );
  }
  const at = run.finishedAt ?? run.startedAt ?? run.createdAt;
  return (
    <p {...part('last-import', classNames, className)} data-state={run.status} data-run-id={run.id}>
      Last import:{' '}
      <span {...part('last-import-status', classNames)} data-state={run.status}>
        {runStatusLabel(run.status)}
      </span>
      , {lastImportText(run)}{' '}
      <time {...part('last-import-time', classNames)} dateTime={isoDateTime(at)} suppressHydrationWarning>
        {formatDateTime(at)}
      </time>
    </p>
  );
}

/**
 * What is wrong with the connection, if anything: the engine's error message, and for `needs-reauth` what to do.
 *
 * Data attributes: `[data-part="connection-error"]`: `data-error-code`; `[data-part="connection-hint"]`.
 */
function Problem({ className, item: given }: ConnectionsItemPartProps) {
  const { classNames } = useConnectionsContext('Connections.Problem');
  const { connection } = useConnectionItem('Connections.Problem', given);
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
  const { classNames, pending, requestDisconnect, reconnected } = useConnectionsContext('Connections.Actions');
  const item = useConnectionItem('Connections.Actions', given);
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

import { useState, type CSSProperties } from 'react';
import type { AppSummary, Connection } from '../../engine/index.ts';
import { ConnectDialog, type ConnectDialogPart } from '../connect-dialog/ConnectDialog.tsx';
import { useApps } from '../hooks/useApps.ts';
import { useClientStatus } from '../hooks/useClientStatus.ts';
import { useConnections } from '../hooks/useConnections.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { monogram } from '../utils/format.ts';
import { connectionStatusLabel } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';

export type AppCatalogPart =
  | 'app-catalog'
  | 'catalog-status'
  | 'catalog-error'
  | 'app-list'
  | 'app-card'
  | 'app-monogram'
  | 'app-body'
  | 'app-name'
  | 'app-description'
  | 'app-categories'
  | 'app-category'
  | 'app-connections'
  | 'connection'
  | 'connection-status'
  | 'connection-error'
  | 'disconnect-button'
  | 'connect-button';

/**
 * The apps a user can connect, each with its connections and a Connect button that opens {@link ConnectDialog}.
 *
 * Data attributes:
 * - `[data-part="app-catalog"]`: `data-state="idle" | "loading" | "ready" | "error"`, the client's status.
 * - `[data-part="app-card"]`: `data-app-id`; `data-state="connected" | "needs-reauth" | "error" | "disconnected" | "not-connected"`,
 *   the status of the app's newest connection.
 * - `[data-part="connection"]` and `[data-part="connection-status"]`: `data-state`, the connection's status; `data-connection-id`.
 * - `[data-part="connect-button"]`: `data-state="open" | "closed"`, whether its dialog is open.
 * - `[data-part="app-monogram"]`: the app's colour is in `--tributary-app-color`.
 */
export interface AppCatalogProps {
  /** Called with each connection made from the catalog. */
  onConnected?: (connection: Connection) => void;
  /** Class for the root. */
  className?: string;
  /** Classes for inner parts (and the connect dialog's), by `data-part` name. */
  classNames?: PartClassNames<AppCatalogPart | ConnectDialogPart>;
}

export function AppCatalog({ onConnected, className, classNames }: AppCatalogProps) {
  const apps = useApps();
  const connections = useConnections();
  const { status, error } = useClientStatus();

  return (
    <section {...part('app-catalog', classNames, className)} data-state={status} aria-label="Apps">
      {(status === 'idle' || status === 'loading') && apps.length === 0 && (
        <LoadingMessage part="catalog-status" classNames={classNames} role="status">
          Loading apps…
        </LoadingMessage>
      )}
      {status === 'error' && (
        <p {...part('catalog-error', classNames)} role="alert">
          {error?.message ?? 'The apps could not be loaded.'}
        </p>
      )}
      {apps.length > 0 && (
        <ul {...part('app-list', classNames)}>
          {apps.map((app) => (
            <AppCard
              key={app.id}
              app={app}
              connections={connections.filter((connection) => connection.appId === app.id)}
              classNames={classNames}
              onConnected={onConnected}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface AppCardProps {
  app: AppSummary;
  connections: Connection[];
  classNames: PartClassNames<AppCatalogPart | ConnectDialogPart> | undefined;
  onConnected: ((connection: Connection) => void) | undefined;
}

function AppCard({ app, connections, classNames, onConnected }: AppCardProps) {
  const newest = connections.reduce<Connection | undefined>(
    (latest, connection) => (!latest || connection.createdAt > latest.createdAt ? connection : latest),
    undefined,
  );
  const style = app.color ? ({ '--tributary-app-color': app.color } as CSSProperties) : undefined;
  return (
    <li
      {...part('app-card', classNames)}
      data-app-id={app.id}
      data-state={newest?.status ?? 'not-connected'}
      style={style}
    >
      <span {...part('app-monogram', classNames)} aria-hidden="true">
        {monogram(app.name)}
      </span>
      <div {...part('app-body', classNames)}>
        <h3 {...part('app-name', classNames)}>
          {app.name}
        </h3>
        <p {...part('app-description', classNames)}>{app.description}</p>
        {app.categories.length > 0 && (
          <ul {...part('app-categories', classNames)} aria-label="Categories">
            {app.categories.map((category) => (
              <li {...part('app-category', classNames)} key={category}>
                {category}
              </li>
            ))}
          </ul>
        )}
        {connections.length > 0 && (
          <ul {...part('app-connections', classNames)} aria-label={`${app.name} connections`}>
            {connections.map((connection) => (
              <ConnectionItem key={connection.id} connection={connection} classNames={classNames} />
            ))}
          </ul>
        )}
      </div>
      {/* One dialog per card: its trigger gets focus back and aria-expanded for free. */}
      <ConnectDialog app={app} onConnected={onConnected} classNames={classNames}>
        <button
          {...part('connect-button', classNames)}
          type="button"
          aria-label={connections.length > 0 ? `Connect another ${app.name} account` : `Connect ${app.name}`}
        >
          Connect
        </button>
      </ConnectDialog>
    </li>
  );
}

interface ConnectionItemProps {
  connection: Connection;
  classNames: PartClassNames<AppCatalogPart> | undefined;
}

function ConnectionItem({ connection, classNames }: ConnectionItemProps) {
  const client = useTributaryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const disconnect = async () => {
    setPending(true);
    setError(null);
    try {
      await client.disconnect(connection.id);
    } catch (caught) {
      setError(toDisplayError(caught));
      setPending(false);
    }
  };
  return (
    <li {...part('connection', classNames)} data-state={connection.status} data-connection-id={connection.id}>
      <span {...part('connection-status', classNames)} data-state={connection.status}>
        {connectionStatusLabel(connection.status)}
      </span>
      {connection.error && (
        <span {...part('connection-error', classNames)}>{connection.error.message}</span>
      )}
      {error && (
        <span {...part('connection-error', classNames)} role="alert">
          {error.message}
        </span>
      )}
      <button
        {...part('disconnect-button', classNames)}
        type="button"
        disabled={pending}
        aria-label={`Disconnect ${connection.appName}`}
        onClick={() => void disconnect()}
      >
        {pending ? 'Disconnecting…' : 'Disconnect'}
      </button>
    </li>
  );
}

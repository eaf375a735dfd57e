import { useCallback, useMemo, useState } from 'react';
import type { AppSummary, Connection, ConnectionStatus } from '../../engine/index.ts';
import type { ConnectDialogProps } from '../connect-dialog/ConnectDialog.tsx';
import { useApps } from '../hooks/useApps.ts';
import { useClientStatus } from '../hooks/useClientStatus.ts';
import { useConnections } from '../hooks/useConnections.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { useControllableState } from '../utils/useControllableState.ts';

export interface UseAppCatalogOptions {
  /** The search text (controlled). */
  query?: string;
  /**
   * The search text to start with (uncontrolled).
   * @default ''
   */
  defaultQuery?: string;
  /** Called with the search text as the user changes it. */
  onQueryChange?: (query: string) => void;
  /** The category shown, `null` for all of them (controlled). */
  category?: string | null;
  /**
   * The category to start with (uncontrolled).
   * @default null
   */
  defaultCategory?: string | null;
  /** Called with the category the user picks, `null` for all. */
  onCategoryChange?: (category: string | null) => void;
  /** Called with each connection made from the catalog. */
  onConnected?: (connection: Connection) => void;
}

/** One app with the tenant's connections to it. */
export interface AppCatalogItem {
  app: AppSummary;
  /** The connections to this app, oldest first. */
  connections: readonly Connection[];
  /** The status of its newest connection, or `not-connected`. */
  state: ConnectionStatus | 'not-connected';
}

/** `loading` until the client has its first apps; `empty` when the engine offers none. */
export type AppCatalogStatus = 'loading' | 'error' | 'empty' | 'success';

/** What a `<ConnectDialog/>` needs to open from the catalog and report back to it. */
export type AppCatalogDialogProps = Required<Pick<ConnectDialogProps, 'app' | 'open' | 'onOpenChange' | 'onConnected'>>;

export interface UseAppCatalogResult {
  status: AppCatalogStatus;
  /** Why the apps could not be loaded. */
  error: DisplayError | undefined;
  /** Loads them again after an error. */
  reload: () => void;
  /** Every app, in catalog order. */
  apps: readonly AppSummary[];
  /** The apps that match the query and the category, in catalog order, each with its connections. */
  items: readonly AppCatalogItem[];
  /** The apps' categories, in order of first appearance. */
  categories: readonly string[];
  query: string;
  setQuery: (query: string) => void;
  /** The category shown, `null` for all. */
  category: string | null;
  setCategory: (category: string | null) => void;
  /** Whether a query or a category narrows the list. */
  filtered: boolean;
  /** Empties the query and shows every category. */
  clearFilters: () => void;
  /** The app whose connect dialog is open, if any. */
  connectingAppId: string | null;
  /** Opens the connect dialog of an app. */
  connect: (appId: string) => void;
  /** Props for the `<ConnectDialog/>` of `app`: open once `connect` asks for it, closed once connected. */
  dialogProps: (app: AppSummary) => AppCatalogDialogProps;
}

/** Lower case without diacritics, so `Resume` finds `Résumé`. */
function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether every word of `query` is in the app's name, description or categories, ignoring case and accents. */
function appMatches(app: AppSummary, query: string): boolean {
  const text = foldText(`${app.name} ${app.description} ${app.categories.join(' ')}`);
  return foldText(query)
    .split(/\s+/)
    .every((word) => text.includes(word));
}

/**
 * Everything `<AppCatalog/>` shows, for a host that brings its own markup: the apps with their connections, the
 * search and category filter (controlled or not), and which app's connect dialog is open.
 */
export function useAppCatalog(options: UseAppCatalogOptions = {}): UseAppCatalogResult {
  const client = useTributaryClient();
  const { status: clientStatus, error } = useClientStatus();
  const apps = useApps();
  const connections = useConnections();
  const [queryValue, setQuery] = useControllableState(options.query, options.defaultQuery, options.onQueryChange);
  const [categoryValue, setCategory] = useControllableState<string | null>(
    options.category,
    options.defaultCategory,
    options.onCategoryChange,
  );
  const [connectingAppId, setConnectingAppId] = useState<string | null>(null);
  const query = queryValue ?? '';
  const category = categoryValue ?? null;

  const categories = useMemo(() => [...new Set(apps.flatMap((app) => app.categories))], [apps]);
  const items = useMemo(
    () =>
      apps
        .filter((app) => (category === null || app.categories.includes(category)) && appMatches(app, query))
        .map((app): AppCatalogItem => {
          const own = connections.filter((connection) => connection.appId === app.id);
          const newest = own.reduce<Connection | undefined>((latest, next) => (!latest || next.createdAt > latest.createdAt ? next : latest), undefined);
          return { app, connections: own, state: newest?.status ?? 'not-connected' };
        }),
    [apps, connections, category, query],
  );

  const clearFilters = useCallback(() => {
    setQuery('');
    setCategory(null);
  }, [setQuery, setCategory]);
  const reload = useCallback(() => void client.start(), [client]);
  const { onConnected } = options;
  const dialogProps = useCallback(
    (app: AppSummary): AppCatalogDialogProps => ({
      app,
      open: connectingAppId === app.id,
      onOpenChange: (open) => setConnectingAppId(open ? app.id : null),
      onConnected: (connection) => {
        setConnectingAppId(null);
        onConnected?.(connection);
      },
    }),
    [connectingAppId, onConnected],
  );

  return {
    status: clientStatus === 'error' ? 'error' : clientStatus !== 'ready' ? 'loading' : apps.length === 0 ? 'empty' : 'success',
    error: error ? toDisplayError(error) : undefined,
    reload,
    apps,
    items,
    categories,
    query,
    setQuery,
    category,
    setCategory,
    filtered: query.trim() !== '' || category !== null,
    clearFilters,
    connectingAppId,
    connect: setConnectingAppId,
    dialogProps,
  };
}

import { Fragment, useId, useRef, useState, type ReactNode } from 'react';
import type { Connection } from '../../engine/index.ts';
import { ConnectDialog } from '../connect-dialog/ConnectDialog.tsx';
import { useConnectionCommands } from '../connections/Connections.tsx';
import { useApps } from '../hooks/useApps.ts';
import { listStatus, useClientLoad } from '../hooks/useClientLoad.ts';
import { useConnections } from '../hooks/useConnections.ts';
import { loadStandIn } from '../parts/LoadError.tsx';
import { appColor, monogram, plural } from '../utils/format.ts';
import { connectionStatusLabel } from '../utils/labels.ts';
import { part, regionProps } from '../utils/part.ts';
import { AppCatalogContext, useAppCatalogContext, type AppCatalogClassNames } from './appCatalogContext.ts';
import type { AppCatalogItem, UseAppCatalogOptions, UseAppCatalogResult } from './useAppCatalog.ts';
import { useControllableState } from '../utils/useControllableState.ts';

export type { AppCatalogClassNames, AppCatalogPart } from './appCatalogContext.ts';

/** Lower case without diacritics, so `Resume` finds `Résumé`. */
const foldText = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Everything `<AppCatalog/>` shows, for a host that brings its own markup: the apps with their connections, the
 * search and category filter (controlled or not), and which app's connect dialog is open.
 */
export function useAppCatalog(options: UseAppCatalogOptions = {}): UseAppCatalogResult {
  const { status, error, reload } = useClientLoad();
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

  // Every word of the query must be in the app's name, description or categories, whatever the case and accents.
  const words = foldText(query).split(/\s+/);
  const items = apps
    .filter((app) => {
      const text = foldText(`${app.name} ${app.description} ${app.categories.join(' ')}`);
      return (category === null || app.categories.includes(category)) && words.every((word) => text.includes(word));
    })
    .map((app): AppCatalogItem => {
      const own = connections.filter((connection) => connection.appId === app.id);
      // The newest connection; the first of those made at the same time.
      const newest = own.reduce<Connection | undefined>((latest, next) => (latest && latest.createdAt >= next.createdAt ? latest : next), undefined);
      return { app, connections: own, state: newest?.status ?? 'not-connected' };
    });

  return {
    status: listStatus(status, apps.length),
    error,
    reload,
    apps,
    items,
    categories: [...new Set(apps.flatMap((app) => app.categories))],
    query,
    setQuery,
    category,
    setCategory,
    filtered: query.trim() !== '' || category !== null,
    clearFilters: () => {
      setQuery('');
      setCategory(null);
    },
    connectingAppId,
    connect: setConnectingAppId,
    dialogProps: (app) => ({
      app,
      open: connectingAppId === app.id,
      onOpenChange: (open) => setConnectingAppId(open ? app.id : null),
      onConnected: (connection) => {
        setConnectingAppId(null);
        options.onConnected?.(connection);
      },
    }),
  };
}

/**
 * Holds what the parts share (the apps, their connections, the search and the category) and renders their region.
 *
 * Data attributes: `[data-part="app-catalog"]`: `data-state="loading" | "error" | "empty" | "success"`.
 */
export interface AppCatalogRootProps extends UseAppCatalogOptions {
  children?: ReactNode;
  /** Class for the region. */
  className?: string;
  /** Classes for the parts inside (and the connect dialog's), by `data-part` name. */
  classNames?: AppCatalogClassNames;
  /** @default 'Apps' */
  'aria-label'?: string;
}

function Root({ children, className, classNames, 'aria-label': label = 'Apps', ...options }: AppCatalogRootProps) {
  const catalog = useAppCatalog(options);
  const rootRef = useRef<HTMLElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const clearFilters = () => {
    catalog.clearFilters();
    (searchRef.current ?? rootRef.current)?.focus();
  };
  return (
    <AppCatalogContext.Provider value={{ ...catalog, ...useConnectionCommands(), classNames, searchRef, clearFilters }}>
      <section {...part('app-catalog', classNames, className)} ref={rootRef} tabIndex={-1} {...regionProps(catalog.status, label)}>
        {children}
      </section>
    </AppCatalogContext.Provider>
  );
}

/**
 * A labelled search box; the apps whose name, description or categories hold every word of it stay listed
 * (case and accents aside). Shown once there are apps.
 *
 * Data attributes: `[data-part="catalog-search"]`, with `[data-part="search-label"]` and `[data-part="search-input"]`.
 */
export interface AppCatalogSearchProps {
  className?: string;
  /** @default 'Search apps' */
  label?: ReactNode;
  placeholder?: string;
}

function Search({ className, label = 'Search apps', placeholder }: AppCatalogSearchProps) {
  const { status, query, setQuery, searchRef, classNames } = useAppCatalogContext('AppCatalog.Search');
  const id = useId();
  if (status !== 'success') return null;
  return (
    <div {...part('catalog-search', classNames, className)}>
      <label {...part('search-label', classNames)} htmlFor={id}>
        {label}
      </label>
      <input
        {...part('search-input', classNames)}
        ref={searchRef}
        id={id}
        type="search"
        autoComplete="off"
        placeholder={placeholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
    </div>
  );
}

/**
 * The apps' categories as toggle buttons, "All" first; one is pressed at a time. Shown once there are two or more.
 *
 * Data attributes: `[data-part="category-chip"]`: `data-state="on" | "off"`; `data-category`, absent on "All".
 */
export interface AppCatalogFiltersProps {
  className?: string;
  /** @default 'Filter by category' */
  'aria-label'?: string;
}

function Filters({ className, 'aria-label': label = 'Filter by category' }: AppCatalogFiltersProps) {
  const { status, categories, category, setCategory, classNames } = useAppCatalogContext('AppCatalog.Filters');
  if (status !== 'success' || categories.length < 2) return null;
  return (
    <div {...part('catalog-filters', classNames, className)} role="group" aria-label={label}>
      {[null, ...categories].map((value) => (
        <button
          key={value ?? ''}
          {...part('category-chip', classNames)}
          type="button"
          aria-pressed={category === value}
          data-state={category === value ? 'on' : 'off'}
          data-category={value ?? undefined}
          onClick={() => setCategory(value)}
        >
          {value ?? 'All'}
        </button>
      ))}
    </div>
  );
}

/**
 * How many apps are listed, as a polite live region, so a search or a filter is heard as well as seen.
 *
 * Data attributes: `[data-part="catalog-count"]`: `data-state="filtered" | "unfiltered"`.
 */
function Count({ className }: { className?: string }) {
  const { status, apps, items, filtered, classNames } = useAppCatalogContext('AppCatalog.Count');
  if (status !== 'success') return null;
  const total = plural(apps.length, 'app', 'apps');
  return (
    <p {...part('catalog-count', classNames, className)} role="status" data-state={filtered ? 'filtered' : 'unfiltered'}>
      {filtered ? `${items.length} of ${total}` : total}
    </p>
  );
}

/**
 * The apps that match, each as a `Card` (or what `children` renders for it). While loading, when loading failed
 * (with a retry), when there are no apps, or when none match (with a way to clear the filters), it says so instead.
 *
 * Data attributes:
 * - `[data-part="app-list"]`: `data-count`.
 * - `[data-part="catalog-status"]` (`role="status"`) and `[data-part="catalog-error"]` (`role="alert"`,
 *   `data-error-code`) stand in for the list, and so does `[data-part="catalog-empty"]`, with
 *   `data-state="empty" | "no-match"`.
 */
export interface AppCatalogListProps {
  className?: string;
  /** Renders one app; by default, `<AppCatalog.Card item={item}/>`. */
  children?: (item: AppCatalogItem) => ReactNode;
  /**
   * What the empty state says.
   * @default 'No apps are available yet.'
   */
  emptyText?: ReactNode;
}

function List({ className, children, emptyText = 'No apps are available yet.' }: AppCatalogListProps) {
  const catalog = useAppCatalogContext('AppCatalog.List');
  const { status, items, classNames } = catalog;
  const query = catalog.query.trim();
  return (
    loadStandIn(catalog, classNames, className, 'catalog-status', 'catalog-error', 'Loading apps…', 'Apps could not be loaded. ') ??
    (items.length === 0 ? (
      // No apps at all, or none that match.
      <p {...part('catalog-empty', classNames, className)} data-state={status === 'empty' ? 'empty' : 'no-match'}>
        {status === 'empty' ? (
          emptyText
        ) : (
          <>
            {query ? `No apps match “${query}”.` : 'No apps in this category.'}{' '}
            <button {...part('clear-filters', classNames)} type="button" onClick={catalog.clearFilters}>
              Clear filters
            </button>
          </>
        )}
      </p>
    ) : (
      <ul {...part('app-list', classNames, className)} data-count={items.length}>
        {items.map((item) => (
          <Fragment key={item.app.id}>{children ? children(item) : <Card item={item} />}</Fragment>
        ))}
      </ul>
    ))
  );
}

/** Props of the parts that show one app. */
export interface AppCatalogItemProps {
  item: AppCatalogItem;
  className?: string;
}

/**
 * One app as a list item: its monogram, name, description and categories, its connections (each with
 * Disconnect), and Connect.
 *
 * Data attributes: `[data-part="app-card"]`: `data-app-id`; `data-state="connected" | "needs-reauth" | "error" |
 * "disconnected" | "not-connected"`, the status of the app's newest connection; the app's colour is in
 * `--tributary-app-color`. `[data-part="connection"]` and `[data-part="connection-status"]`: `data-state`, the
 * connection's status; `data-connection-id` on the first.
 */
function Card({ item, className }: AppCatalogItemProps) {
  const { classNames, pending, errors, disconnect } = useAppCatalogContext('AppCatalog.Card');
  const { app, connections } = item;
  return (
    <li {...part('app-card', classNames, className)} data-app-id={app.id} data-state={item.state} style={appColor(app.color)}>
      <span {...part('app-monogram', classNames)} aria-hidden="true">
        {monogram(app.name)}
      </span>
      <div {...part('app-body', classNames)}>
        <h3 {...part('app-name', classNames)}>{app.name}</h3>
        <p {...part('app-description', classNames)}>{app.description}</p>
        {app.categories.length > 0 && (
          <ul {...part('app-categories', classNames)} aria-label="Categories">
            {app.categories.map((category) => (
              <li key={category} {...part('app-category', classNames)}>
                {category}
              </li>
            ))}
          </ul>
        )}
        {connections.length > 0 && (
          <ul {...part('app-connections', classNames)} aria-label={`${app.name} connections`}>
            {connections.map((connection) => (
              <li
                key={connection.id}
                {...part('connection', classNames)}
                data-state={connection.status}
                data-connection-id={connection.id}
              >
                <span {...part('connection-status', classNames)} data-state={connection.status}>
                  {connectionStatusLabel(connection.status)}
                </span>
                {connection.error && <span {...part('connection-error', classNames)}>{connection.error.message}</span>}
                {errors[connection.id] && (
                  <span {...part('connection-error', classNames)} role="alert">
                    {errors[connection.id]!.message}
                  </span>
                )}
                <button
                  {...part('disconnect-button', classNames)}
                  type="button"
                  disabled={!!pending[connection.id]}
                  aria-label={`Disconnect ${connection.appName}`}
                  onClick={() => void disconnect(connection.id)}
                >
                  {pending[connection.id] ? 'Disconnecting…' : 'Disconnect'}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ConnectButton item={item} />
    </li>
  );
}

/**
 * Connect, which opens the app's connect dialog (focus comes back to it when the dialog closes).
 *
 * Data attributes: `[data-part="connect-button"]`: `data-state="open" | "closed"`, whether its dialog is open.
 */
function ConnectButton({ item, className }: AppCatalogItemProps) {
  const { dialogProps, classNames } = useAppCatalogContext('AppCatalog.ConnectButton');
  const { app, connections } = item;
  return (
    <ConnectDialog {...dialogProps(app)} classNames={classNames}>
      <button
        {...part('connect-button', classNames, className)}
        type="button"
        aria-label={connections.length > 0 ? `Connect another ${app.name} account` : `Connect ${app.name}`}
      >
        Connect
      </button>
    </ConnectDialog>
  );
}

/**
 * The apps a user can connect: a search, a category filter and how many apps match, then each app with its
 * connections and a Connect button that opens {@link ConnectDialog}.
 *
 * Composed of `AppCatalog.Root`, `.Search`, `.Filters`, `.Count`, `.List` and `.Card` (with `.ConnectButton`);
 * hosts can compose those in their own layout, or use `useAppCatalog` with their own markup.
 * Extra data attribute: `[data-part="catalog-toolbar"]`, around the search, the filter and the count.
 */
export interface AppCatalogProps extends Omit<AppCatalogRootProps, 'children'>, Pick<AppCatalogListProps, 'emptyText'> {}

export function AppCatalog({ emptyText, ...root }: AppCatalogProps) {
  return (
    <Root {...root}>
      <div {...part('catalog-toolbar', root.classNames)}>
        <Search />
        <Filters />
        <Count />
      </div>
      <List emptyText={emptyText} />
    </Root>
  );
}

AppCatalog.Root = Root;
AppCatalog.Search = Search;
AppCatalog.Filters = Filters;
AppCatalog.Count = Count;
AppCatalog.List = List;
AppCatalog.Card = Card;
AppCatalog.ConnectButton = ConnectButton;

import type { AppSummary, Connection, ConnectionStatus } from '../../engine/index.ts';
import type { ConnectDialogProps } from '../connect-dialog/ConnectDialog.tsx';
import type { DisplayError } from '../utils/errors.ts';

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

export { useAppCatalog } from './AppCatalog.tsx';

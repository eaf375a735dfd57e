import type { RefObject } from 'react';
import type { ConnectDialogPart } from '../connect-dialog/ConnectDialog.tsx';
import { createPartsContext } from '../utils/createPartsContext.ts';
import type { PartClassNames } from '../utils/part.ts';
import type { UseConnectionsListResult } from '../hooks/useConnectionsList.ts';
import type { UseAppCatalogResult } from './useAppCatalog.ts';

/** Every `data-part` the app catalog's parts render (the connect dialog has its own, see `ConnectDialogPart`). */
export type AppCatalogPart =
  | 'app-catalog'
  | 'catalog-toolbar'
  | 'catalog-search'
  | 'search-label'
  | 'search-input'
  | 'catalog-filters'
  | 'category-chip'
  | 'catalog-count'
  | 'catalog-status'
  | 'spinner'
  | 'catalog-error'
  | 'catalog-error-message'
  | 'retry-button'
  | 'catalog-empty'
  | 'clear-filters'
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

export type AppCatalogClassNames = PartClassNames<AppCatalogPart | ConnectDialogPart>;

export interface AppCatalogContextValue
  extends UseAppCatalogResult,
    Pick<UseConnectionsListResult, 'pending' | 'errors' | 'disconnect'> {
  classNames: AppCatalogClassNames | undefined;
  /** The search input: clearing the filters moves focus there (the button that asked is gone). */
  searchRef: RefObject<HTMLInputElement | null>;
}

export const [AppCatalogContext, useAppCatalogContext] = createPartsContext<AppCatalogContextValue>(
  'AppCatalogContext',
  '<AppCatalog.Root>',
);

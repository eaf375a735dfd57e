import type { FieldMapping } from '../mapping/mapping.types.ts';

/** The declarative description of an external app. Adding an app is data, not code. */
export interface ConnectorDefinition {
  /** Stable id, kebab-case, e.g. `relay-crm`. */
  id: string;
  name: string;
  description?: string;
  /** Catalog categories such as `crm` or `hr`. */
  categories?: string[];
  /** Brand colour for the app's monogram in the catalog (CSS colour). */
  color?: string;
  /** Absolute base URL every request path is resolved against. */
  baseUrl: string;
  auth: AuthScheme;
  /** A cheap authenticated request used to check credentials before a connection is saved. */
  test?: { path: string };
  /** Where the app puts a human-readable message in its error bodies, e.g. `error.message`. */
  errorMessagePath?: string;
  /** The app's published request rate limit, applied per connection. */
  rateLimit?: RateLimit;
  collections: Record<string, CollectionDefinition>;
}

export type AuthScheme = ApiKeyAuth | BasicAuth | OAuth2Auth;

export interface ApiKeyAuth {
  type: 'api-key';
  /** Where the key is sent. */
  in: 'header' | 'query';
  /** Header or query parameter name. */
  name: string;
  /** Text put before the key, e.g. `Bearer `. */
  prefix?: string;
  /** What the app calls the key, shown as the input's label. */
  label?: string;
  /** One sentence telling the user where to find the key. */
  helpText?: string;
}

export interface BasicAuth {
  type: 'basic';
  usernameLabel?: string;
  passwordLabel?: string;
  helpText?: string;
}

export interface OAuth2Auth {
  type: 'oauth2';
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  helpText?: string;
}

export type AuthType = AuthScheme['type'];

/** Credentials as the user enters them, keyed by auth type. Write-only: no API returns them. */
export type Credentials =
  | { type: 'api-key'; apiKey: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'oauth2'; accessToken: string; refreshToken?: string; expiresAt?: number };

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'object' | 'array';

/** A field of an external record, addressed by a path such as `address.city`. */
export interface SourceField {
  path: string;
  label?: string;
  type: FieldType;
}

export interface CollectionDefinition {
  name: string;
  description?: string;
  /** The universal data model this collection holds, e.g. `users`. */
  dataModel?: string;
  fields: SourceField[];
  list: ListOperation;
  /** The app's default mapping of this collection onto its data model. */
  defaultMapping?: FieldMapping;
}

export interface ListOperation {
  /** @default 'GET' */
  method?: 'GET' | 'POST';
  path: string;
  /** Fixed query parameters sent with every page request. */
  query?: Record<string, string>;
  /** Fixed JSON body fields sent with every page request (POST lists, e.g. a search). */
  body?: Record<string, unknown>;
  /** Where the records array sits in the response body; empty for a body that is the array. */
  recordsPath: string;
  /** Path of the record id inside each record. */
  idPath: string;
  /** Path of the record's last-modified time, used as its version. */
  updatedAtPath?: string;
  pagination: Pagination;
  /** A run stops with a typed error past this many pages, instead of paging forever. @default 100000 */
  maxPages?: number;
}

/** Where a request parameter goes. `body` means a field of the JSON body (POST lists). */
export type ParamLocation = 'query' | 'header' | 'body';

export interface RequestParam {
  in: ParamLocation;
  name: string;
}

/** Options every paginated strategy shares. */
export interface PaginationCommon {
  /** The page size, sent as this parameter. A page shorter than `value` is the last. */
  limit?: { param: string; value: number; in?: ParamLocation };
  /** A boolean in the body; false means this was the last page. */
  hasMorePath?: string;
  /** The total number of records, reported in the body; reaching it ends the run. */
  totalPath?: string;
}

/** An opaque cursor read from the response and sent back with the next request. */
export interface CursorPagination extends PaginationCommon {
  type: 'cursor';
  /** Where the next cursor sits in the response body. */
  cursorPath?: string;
  /** Or: the response header that carries it. */
  cursorHeader?: string;
  /** How the cursor is sent back. */
  param: RequestParam;
}

/** A ready URL for the next page, absolute or relative to the request, in the body or the `Link` header (RFC 8288). */
export interface NextUrlPagination extends PaginationCommon {
  type: 'next-url';
  /** Where the next URL sits in the response body. */
  nextUrlPath?: string;
  /** Or: take the `rel="next"` target of the `Link` header. */
  linkHeader?: boolean;
}

/** `offset` advances by the number of records each page returned. */
export interface OffsetPagination extends PaginationCommon {
  type: 'offset';
  offsetParam: RequestParam;
  limit: { param: string; value: number; in?: ParamLocation };
}

/** Numbered pages. */
export interface PageNumberPagination extends PaginationCommon {
  type: 'page-number';
  pageParam: RequestParam;
  /** Number of the first page. @default 1 */
  firstPage?: 0 | 1;
}

/** A has-more flag plus the last record's id as the next "starting after" value (Stripe style). */
export interface HasMorePagination extends PaginationCommon {
  type: 'has-more';
  hasMorePath: string;
  /** The parameter that takes the last record's id. */
  startingAfterParam: RequestParam;
}

export interface NoPagination {
  type: 'none';
}

export type Pagination =
  | CursorPagination
  | NextUrlPagination
  | OffsetPagination
  | PageNumberPagination
  | HasMorePagination
  | NoPagination;

/** An app's published request rate limit; the engine keeps under it. */
export interface RateLimit {
  /** Requests allowed in each period of `perMs`. */
  requests: number;
  /** The period in milliseconds, e.g. 1000 for "per second". */
  perMs: number;
}

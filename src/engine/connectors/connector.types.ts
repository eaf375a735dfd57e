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
  path: string;
  /** Fixed query parameters sent with every page request. */
  query?: Record<string, string>;
  /** Where the records array sits in the response body; empty for a body that is the array. */
  recordsPath: string;
  /** Path of the record id inside each record. */
  idPath: string;
  /** Path of the record's last-modified time, used as its version. */
  updatedAtPath?: string;
  pagination: Pagination;
}

export type Pagination = CursorPagination | NoPagination;

export interface CursorPagination {
  type: 'cursor';
  /** Where the next cursor sits in the response body. */
  cursorPath: string;
  /** How the cursor is sent back. */
  param: { in: 'query' | 'header'; name: string };
  /** Page size, sent as the named query parameter. */
  limit?: { param: string; value: number };
}

export interface NoPagination {
  type: 'none';
}

import type { FlowEventType } from '../flows/flow.types.ts';
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
  /** How the app's webhook deliveries are verified; one intake per connection serves every collection. */
  webhooks?: WebhookIntake;
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
  /** Fetches one record by id: what a flow does for each created or updated record. */
  get?: GetOperation;
  /** Where this collection's change events come from, to keep an import up to date. */
  events?: EventSource;
  /** The app's default mapping of this collection onto its data model. */
  defaultMapping?: FieldMapping;
}

/** Reads one record by id. */
export interface GetOperation {
  /** A path template under the base URL where `{id}` stands for the URL-encoded record id, e.g. `/users/{id}`. */
  path: string;
  /** Fixed query parameters. */
  query?: Record<string, string>;
  /** Where the record sits in the response body; empty (the default) for a body that is the record. */
  recordPath?: string;
}

/** Where a collection's change events come from. */
export type EventSource = WebhookEventSource | PollingEventSource | FullScanEventSource;

/** Options every event source shares. */
export interface EventSourceCommon {
  /** Runs a full import again this often (ms), besides the events; none when unset. Minimum 60000. */
  resyncIntervalMs?: number;
}

/** The app pushes events to the connection's webhook intake (verified as the connector's `webhooks` says). */
export interface WebhookEventSource extends EventSourceCommon {
  type: 'webhook';
  /** Where the events array sits in the body; unset when the body is one event, empty when the body is the array. */
  eventsPath?: string;
  /** Path of the event's type inside each event. */
  typePath: string;
  /** The app's event type names and what each means; events of other types are not this collection's and are ignored. */
  types: Record<string, FlowEventType>;
  /** Path of the changed record's id inside each event. */
  recordIdPath: string;
  /** Path of the record's updated-at or version number inside each event: older or equal events are not fetched. */
  versionPath?: string;
  /** Path of the app's unique event id: an id seen before is refused as a replay. */
  eventIdPath?: string;
  /** Path of the event's time (ISO, or epoch seconds or ms): an event older than the tolerance is refused as a replay. */
  timestampPath?: string;
}

/** The engine asks for records changed since the last poll ("pull updates"). */
export interface PollingEventSource extends EventSourceCommon {
  type: 'polling';
  /** The updated-since filter added to the collection's list request. */
  since: {
    param: string;
    /** @default 'query' */
    in?: ParamLocation;
    format: 'iso' | 'epoch-seconds' | 'epoch-ms';
  };
  /** Milliseconds between polls; at least 30000. @default 300000 */
  intervalMs?: number;
  /** A field that is set (true, or a time) on records the app reports as deleted. */
  deletedPath?: string;
}

/** For apps with neither webhooks nor an updated-since filter: the whole collection is read and compared. */
export interface FullScanEventSource extends EventSourceCommon {
  type: 'full-scan';
  /** Milliseconds between scans; at least 60000. @default 3600000 */
  intervalMs?: number;
}

/** How the app signs or authenticates its webhook deliveries, and where the secret comes from. */
export interface WebhookIntake {
  verify: HmacVerification | TokenVerification;
  /**
   * `generated`: the engine makes a secret per connection, shown once, for the user to paste into the app.
   * `credential`: the app signs with one of the connection's credentials.
   */
  secret: { from: 'generated' } | { from: 'credential'; field: 'apiKey' | 'password' };
  /** How old a delivery (signed timestamp or event time) may be, in seconds, before it is refused as a replay. @default 300 */
  toleranceSeconds?: number;
}

/** HMAC-SHA256 of the raw body, or of the timestamp, a separator and the raw body. */
export interface HmacVerification {
  type: 'hmac-sha256';
  /** The header carrying the signature. */
  header: string;
  encoding: 'hex' | 'base64';
  /** Text before the signature in the header, e.g. `sha256=`. */
  prefix?: string;
  /** When set, the signed content is `timestamp + separator + body`, and the timestamp must be fresh. */
  timestamp?: {
    header: string;
    format: 'epoch-seconds' | 'epoch-ms' | 'iso';
    /** @default '.' */
    separator?: string;
  };
}

/** A shared token the app sends as it is in a header. */
export interface TokenVerification {
  type: 'token';
  header: string;
  /** Text before the token in the header, e.g. `Bearer `. */
  prefix?: string;
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

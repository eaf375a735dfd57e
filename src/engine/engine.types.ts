import type { AuthType, Credentials, FieldType, SourceField } from './connectors/connector.types.ts';
import type { TributaryErrorData } from './errors.ts';
import type { FieldError, FieldMapping, TargetSchema } from './mapping/mapping.types.ts';
import type { FlowRunDetail, FlowSummary } from './flows/flow.types.ts';
import type { DeadLetter } from './store/store.types.ts';

/** One input the connect form asks for, derived from the app's auth scheme. */
export interface CredentialField {
  name: 'apiKey' | 'username' | 'password';
  label: string;
  /** Secret inputs are masked and never shown again. */
  secret: boolean;
}

/** An app as the catalog shows it. */
export interface AppSummary {
  id: string;
  name: string;
  description: string;
  categories: string[];
  color?: string;
  auth: { type: AuthType; helpText?: string; fields: CredentialField[] };
  collections: { key: string; name: string; dataModel?: string }[];
}

export type ConnectionStatus = 'connected' | 'needs-reauth' | 'error' | 'disconnected';

/** One tenant's authenticated link to an app. Never carries credentials. */
export interface Connection {
  id: string;
  appId: string;
  appName: string;
  status: ConnectionStatus;
  createdAt: number;
  updatedAt: number;
  error?: TributaryErrorData;
}

/** Which records to import: a collection by key, or a data model that resolves to one. */
export interface DataSourceRef {
  connectionId: string;
  collection?: string;
  dataModel?: string;
}

/** A data source after resolution: always names its collection. */
export interface ResolvedDataSource {
  connectionId: string;
  collection: string;
  dataModel?: string;
}

export interface CollectionSummary {
  key: string;
  name: string;
  description?: string;
  dataModel?: string;
  fields: SourceField[];
}

export interface DataModelSummary {
  key: string;
  name: string;
  /** The connection's collection this model resolves to, if the app has one. */
  collection?: string;
}

export interface CollectionsListing {
  dataModels: DataModelSummary[];
  collections: CollectionSummary[];
}

/** Everything the mapping editor needs for one data source. */
export interface FieldMappingState {
  dataSource: ResolvedDataSource;
  target: TargetSchema;
  sourceFields: SourceField[];
  mapping: FieldMapping;
  /** True while the mapping is the app's default, not one the tenant saved. */
  isDefault: boolean;
  /** What "reset to default" restores: the host's default for this app, else the app's own. */
  defaultMapping: FieldMapping;
  updatedAt?: number;
}

/** A few records of a collection, as the app returns them. */
export interface SampleRecords {
  collection: string;
  records: unknown[];
}

/** Where an OAuth sign-in goes, and the state that ties the provider's answer to it. */
export interface OAuthStart {
  /** The provider's authorization URL, with client id, redirect URI, scopes, `state` and the PKCE challenge. */
  authorizationUrl: string;
  state: string;
  /** Epoch ms after which `completeOAuth` refuses this state. */
  expiresAt: number;
}

/** The query the provider sent to the redirect URI. */
export interface OAuthCallback {
  state: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

/** One source field proposed for a target field. */
export interface SuggestionCandidate {
  /** A source path, as a `{ path }` expression would hold it. */
  path: string;
  /** 0 to 1. */
  confidence: number;
  /** Why, in words a person reads, e.g. `same name`, `synonym of "surname"`, `values look like emails`. */
  reasons: string[];
}

/** Ranked candidates for one target field the mapping leaves unmapped. */
export interface FieldSuggestion {
  field: string;
  candidates: SuggestionCandidate[];
}

export interface MappingSuggestions {
  /** Candidates at or above it are pre-filled; the rest are offered. */
  threshold: number;
  suggestions: FieldSuggestion[];
  /** The input mapping with every unmapped field whose best candidate clears the threshold filled in. */
  prefilled: FieldMapping;
  /** How many sample records the value-shape signals looked at (0 when the app could not be read). */
  sampled: number;
}

/** One sample record beside what the mapping makes of it. */
export interface PreviewRow {
  recordId?: string;
  input: unknown;
  /** Present when the record maps (with `onError: 'null'`, also when some fields were nulled). */
  output?: Record<string, unknown>;
  errors: FieldError[];
}

export interface MappingPreview {
  rows: PreviewRow[];
  /** Problems in the mapping itself (with paths); when present, rows is empty. */
  issues: { path: string; message: string }[];
}

export type RunStatus = 'queued' | 'running' | 'rate-limited' | 'succeeded' | 'failed' | 'cancelled';
/** A full import, or one change event's flow run. */
export type RunKind = 'import' | 'flow';

export interface RunCounters {
  pages: number;
  fetched: number;
  delivered: number;
  skipped: number;
  /** Requests and deliveries tried again after a transient or rate-limited failure. */
  retries: number;
  /** Response bytes read from the app. */
  bytes: number;
  /** Records in batches the destination did not accept within the retry budget (kept to replay). */
  deadLettered: number;
}

export interface SkippedRecord {
  recordId: string;
  reason: string;
  errors?: FieldError[];
}

export interface RunLogEntry {
  at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** An immutable picture of a run; a new object on every change. */
export interface RunSnapshot {
  id: string;
  /** Grows with every change, so a reader can tell the newer of two snapshots. */
  revision: number;
  kind: RunKind;
  dataSource: ResolvedDataSource;
  status: RunStatus;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** While `rate-limited`: when the run goes on. */
  resumesAt?: number;
  counters: RunCounters;
  /** Records that could not be imported, with why (the most recent, bounded). */
  skipped: SkippedRecord[];
  log: RunLogEntry[];
  error?: TributaryErrorData;
  /** Flow runs only: the event, its steps and what came of it. */
  flow?: FlowRunDetail;
}

export interface RunFilter {
  connectionId?: string;
  status?: RunStatus;
  kind?: RunKind;
}

/** What the engine announces; a client keeps its live state from these. */
export type EngineEvent =
  | { type: 'connection.changed'; connection: Connection }
  | { type: 'connection.removed'; connectionId: string }
  | { type: 'mapping.changed'; mapping: FieldMappingState }
  | { type: 'run.changed'; run: RunSnapshot }
  /** Finished flow runs the engine no longer keeps (see `flowRunHistory`). */
  | { type: 'runs.removed'; runIds: string[] };

export type EngineListener = (event: EngineEvent) => void;

/**
 * Every command the engine takes: one input object in, a promise out.
 * The in-process and HTTP transports both carry exactly these.
 */
export interface EngineCommands {
  listApps(input?: Record<string, never>): Promise<AppSummary[]>;
  connect(input: { appId: string; credentials: Credentials }): Promise<Connection>;
  /**
   * New credentials for an existing connection (re-auth in place): checked against the app first, then
   * the connection is `connected` again and keeps its id, mappings, runs and flows.
   */
  reconnect(input: { connectionId: string; credentials: Credentials }): Promise<Connection>;
  /** Checks credentials against the app ("Test connection") without saving anything; refused ones throw as `connect` would. */
  testCredentials(input: { appId: string; credentials: Credentials }): Promise<{ ok: true }>;
  /**
   * Begins an OAuth 2 sign-in (authorization code with PKCE, S256) for an app, or to re-authorise a
   * connection in place: the URL to open in the popup, and the `state` its answer must carry back.
   */
  startOAuth(input: { appId: string; redirectUri: string; connectionId?: string }): Promise<OAuthStart>;
  /**
   * Finishes a sign-in with what the provider sent to the redirect URI: exchanges the code (with the
   * PKCE verifier) for tokens and creates (or reconnects) the connection. An unknown, used or expired
   * `state` is refused; so is an `error` answer (e.g. `access_denied`), as a typed error.
   */
  completeOAuth(input: OAuthCallback): Promise<Connection>;
  listConnections(input?: Record<string, never>): Promise<Connection[]>;
  disconnect(input: { connectionId: string }): Promise<void>;
  listCollections(input: { connectionId: string }): Promise<CollectionsListing>;
  /** Up to `limit` (default 5, at most 20) records of a collection's first page, as the app returns them. */
  sampleRecords(input: { connectionId: string; collection: string; limit?: number }): Promise<SampleRecords>;
  getFieldMapping(input: DataSourceRef): Promise<FieldMappingState>;
  saveFieldMapping(input: DataSourceRef & { mapping: FieldMapping }): Promise<FieldMappingState>;
  /** Ranked source candidates for each target field `mapping` (default: the current one) leaves unmapped. */
  suggestMapping(input: DataSourceRef & { mapping?: FieldMapping }): Promise<MappingSuggestions>;
  /** `mapping` (default: the current one) applied to up to `limit` (default 5, at most 20) records of the collection's first page. */
  previewMapping(input: DataSourceRef & { mapping?: FieldMapping; limit?: number }): Promise<MappingPreview>;
  startImport(input: DataSourceRef): Promise<RunSnapshot>;
  cancelRun(input: { runId: string }): Promise<RunSnapshot>;
  /** Goes on with a failed or cancelled run from its last checkpoint. */
  resumeRun(input: { runId: string }): Promise<RunSnapshot>;
  /** Runs a finished run again from the first page ("start over"). */
  restartRun(input: { runId: string }): Promise<RunSnapshot>;
  /** Batches the destination did not accept within the retry budget. */
  listDeadLetters(input?: { runId?: string }): Promise<DeadLetter[]>;
  /** Delivers a run's dead letters again; those accepted leave the list. */
  replayDeadLetters(input: { runId: string }): Promise<RunSnapshot>;
  listRuns(input?: RunFilter): Promise<RunSnapshot[]>;
  getRun(input: { runId: string }): Promise<RunSnapshot>;
  /** A data source's flow: where its change events come from, its queue, its last poll or scan. */
  getFlow(input: DataSourceRef): Promise<FlowSummary>;
  /** Runs a failed flow run's event again (the record is read afresh). */
  retryFlowRun(input: { runId: string }): Promise<RunSnapshot>;
  /**
   * Makes a new secret for the connection's webhooks and returns it this once,
   * for the user to paste into the app; deliveries signed with the old one are refused from now on.
   */
  rotateWebhookSecret(input: { connectionId: string }): Promise<{ secret: string }>;
}

export type CommandName = keyof EngineCommands;
export type CommandInput<K extends CommandName> = Parameters<EngineCommands[K]>[0];
export type CommandOutput<K extends CommandName> = Awaited<ReturnType<EngineCommands[K]>>;

/** A webhook delivery as the server's intake route received it. */
export interface WebhookDelivery {
  connectionId: string;
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string>;
  /** The raw body, exactly as received: signatures cover its bytes. */
  body: string;
}

export interface Engine extends EngineCommands {
  /**
   * Takes an app's webhook delivery: verifies it, and resolves once its events
   * are durable in the store's queue (then the app may be answered 2xx).
   * Throws `webhook.bad-signature` (auth), `webhook.replayed` (auth),
   * `webhook.malformed` (source-data) or `connection.not-found` (config); nothing is queued then.
   */
  receiveWebhook(input: WebhookDelivery): Promise<{ accepted: number }>;
  subscribe(listener: EngineListener): () => void;
  /** Cancels running work and stops timers. */
  dispose(): Promise<void>;
}

export type { FieldType };

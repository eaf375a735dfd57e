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
  updatedAt?: number;
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
  | { type: 'run.changed'; run: RunSnapshot };

export type EngineListener = (event: EngineEvent) => void;

/**
 * Every command the engine takes: one input object in, a promise out.
 * The in-process and HTTP transports both carry exactly these.
 */
export interface EngineCommands {
  listApps(input?: Record<string, never>): Promise<AppSummary[]>;
  connect(input: { appId: string; credentials: Credentials }): Promise<Connection>;
  listConnections(input?: Record<string, never>): Promise<Connection[]>;
  disconnect(input: { connectionId: string }): Promise<void>;
  listCollections(input: { connectionId: string }): Promise<CollectionsListing>;
  getFieldMapping(input: DataSourceRef): Promise<FieldMappingState>;
  saveFieldMapping(input: DataSourceRef & { mapping: FieldMapping }): Promise<FieldMappingState>;
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

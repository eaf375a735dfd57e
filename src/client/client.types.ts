import type {
  AppSummary,
  CollectionsListing,
  CommandInput,
  CommandName,
  CommandOutput,
  Connection,
  Credentials,
  DataSourceRef,
  DeadLetter,
  EngineListener,
  FieldMapping,
  FieldMappingState,
  FlowSummary,
  MappingPreview,
  MappingSuggestions,
  OAuthCallback,
  OAuthStart,
  RunSnapshot,
  SampleRecords,
} from '../engine/index.ts';
import type { TributaryError } from '../engine/index.ts';

/** How a client reaches an engine: in the same process, or over HTTP. */
export interface Transport {
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
  /**
   * Listens to the engine's events. A transport that can miss some (a stream
   * that dropped and could not replay) calls `onResync`, and the listener
   * reloads what it holds.
   */
  subscribe(listener: EngineListener, onResync?: () => void): () => void;
  /** Stops listening and releases connections. */
  close?(): void;
}

export type ClientStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The live, immutable picture a client keeps; a new object whenever anything in it changes. */
export interface ClientState {
  status: ClientStatus;
  error?: TributaryError;
  apps: readonly AppSummary[];
  connections: readonly Connection[];
  /** Newest first. */
  runs: readonly RunSnapshot[];
}

export type ResourceStatus = 'idle' | 'loading' | 'success' | 'error';

export interface ResourceSnapshot<T> {
  status: ResourceStatus;
  data?: T;
  error?: TributaryError;
}

/** One piece of data fetched on demand and kept live (collections, a field mapping). */
export interface Resource<T> {
  getSnapshot(): ResourceSnapshot<T>;
  /** Subscribing the first listener loads the data. */
  subscribe(listener: () => void): () => void;
  refresh(): Promise<T>;
}

export interface TributaryClient {
  getState(): ClientState;
  /** Subscribing the first listener loads apps, connections and runs and starts listening. */
  subscribe(listener: () => void): () => void;
  /** Loads the state now; resolves once it is `ready`. */
  start(): Promise<void>;
  connect(input: { appId: string; credentials: Credentials }): Promise<Connection>;
  /** New credentials for a connection, keeping its mappings and runs. */
  reconnect(connectionId: string, credentials: Credentials): Promise<Connection>;
  /** Checks credentials against the app without saving them ("Test connection"). */
  testCredentials(input: { appId: string; credentials: Credentials }): Promise<{ ok: true }>;
  /** Begins an OAuth 2 sign-in (PKCE): open `authorizationUrl` in the popup. With `connectionId`, re-authorises it. */
  startOAuth(appId: string, redirectUri: string, connectionId?: string): Promise<OAuthStart>;
  /** Finishes the sign-in with what the provider sent to the redirect URI. */
  completeOAuth(callback: OAuthCallback): Promise<Connection>;
  /** A few records of a collection, as the app returns them. */
  sampleRecords(connectionId: string, collection: string, limit?: number): Promise<SampleRecords>;
  disconnect(connectionId: string): Promise<void>;
  collections(connectionId: string): Resource<CollectionsListing>;
  fieldMapping(dataSource: DataSourceRef): Resource<FieldMappingState>;
  saveFieldMapping(dataSource: DataSourceRef, mapping: FieldMapping): Promise<FieldMappingState>;
  /** Ranked source candidates for the target fields `mapping` (default: the saved or default one) leaves unmapped. */
  suggestMapping(dataSource: DataSourceRef, mapping?: FieldMapping): Promise<MappingSuggestions>;
  /** `mapping` (default: the saved or default one) applied to a few real records of the collection. */
  previewMapping(dataSource: DataSourceRef, mapping?: FieldMapping, limit?: number): Promise<MappingPreview>;
  startImport(dataSource: DataSourceRef): Promise<RunSnapshot>;
  cancelRun(runId: string): Promise<RunSnapshot>;
  /** Goes on with a failed or cancelled run from its last checkpoint. */
  resumeRun(runId: string): Promise<RunSnapshot>;
  /** Runs a finished run again from the first page ("start over"). */
  restartRun(runId: string): Promise<RunSnapshot>;
  /** Batches of a run the destination did not accept within the retry budget. */
  listDeadLetters(runId: string): Promise<DeadLetter[]>;
  /** Delivers a run's dead letters again. */
  replayDeadLetters(runId: string): Promise<RunSnapshot>;
  /** Where a data source's incremental updates come from and how they stand (queue depth, last poll …). */
  getFlow(dataSource: DataSourceRef): Promise<FlowSummary>;
  /** Runs a failed flow run (one event) again. */
  retryFlowRun(runId: string): Promise<RunSnapshot>;
  /** A new signing secret for the app's webhooks: shown this once, to paste into the app. */
  rotateWebhookSecret(connectionId: string): Promise<{ secret: string }>;
  /** Stops listening to the engine. */
  close(): void;
}

import type { Credentials } from '../connectors/connector.types.ts';
import type { DeliveredRecord } from '../delivery/delivery.types.ts';
import type { Connection, ResolvedDataSource, RunCounters, RunSnapshot, RunStatus, SkippedRecord } from '../engine.types.ts';
import type { TributaryErrorData } from '../errors.ts';
import type { FlowState, QueuedEvent, RecordVersion } from '../flows/flow.types.ts';
import type { PageState } from '../pagination/pagination.ts';
import type { FieldMapping } from '../mapping/mapping.types.ts';

export interface StoredMapping {
  connectionId: string;
  collection: string;
  mapping: FieldMapping;
  updatedAt: number;
}

/** Where a run stands: enough to fetch the next page after a restart. */
export interface Checkpoint {
  runId: string;
  /** Paging state of the next page to fetch; undefined once the last page was delivered. */
  next?: PageState;
  /** The run's counters as of this checkpoint: a resumed run goes on from them. */
  counters: RunCounters;
  /** The most recent records skipped up to this checkpoint. */
  skipped: SkippedRecord[];
  updatedAt: number;
}

/** A batch the destination did not accept within the retry budget, kept to be replayed. */
export interface DeadLetter {
  id: string;
  runId: string;
  dataSource: ResolvedDataSource;
  records: DeliveredRecord[];
  error: TributaryErrorData;
  attempts: number;
  createdAt: number;
}

/** An OAuth sign-in `startOAuth` began, waiting for the provider's answer; keyed by its `state`. */
export interface OAuthSession {
  state: string;
  appId: string;
  redirectUri: string;
  /** The PKCE verifier: a secret, kept apart and sealed like credentials. */
  codeVerifier: string;
  /** Set when the sign-in re-authorises this connection in place. */
  connectionId?: string;
  createdAt: number;
  /** Epoch ms after which the answer is refused. */
  expiresAt: number;
}

/**
 * Everything the engine persists. Async throughout, so durable stores
 * (SQLite, Postgres) fit behind the same interface as the memory store.
 */
export interface Store {
  listConnections(): Promise<Connection[]>;
  getConnection(id: string): Promise<Connection | undefined>;
  putConnection(connection: Connection): Promise<void>;
  /** Also forgets the connection's credentials, mappings, and flow data (queued events, record versions, flow states, seen event ids, webhook secret). */
  deleteConnection(id: string): Promise<void>;

  /** Credentials live apart from connections so no connection read can leak them. */
  getCredentials(connectionId: string): Promise<Credentials | undefined>;
  putCredentials(connectionId: string, credentials: Credentials): Promise<void>;

  getMapping(connectionId: string, collection: string): Promise<StoredMapping | undefined>;
  putMapping(mapping: StoredMapping): Promise<void>;

  listRuns(): Promise<RunSnapshot[]>;
  getRun(id: string): Promise<RunSnapshot | undefined>;
  putRun(run: RunSnapshot): Promise<void>;

  getCheckpoint(runId: string): Promise<Checkpoint | undefined>;
  putCheckpoint(checkpoint: Checkpoint): Promise<void>;
  /** Forgets a run's checkpoint, so its next start begins at the first page. */
  deleteCheckpoint(runId: string): Promise<void>;

  listDeadLetters(filter?: { runId?: string }): Promise<DeadLetter[]>;
  putDeadLetter(letter: DeadLetter): Promise<void>;
  deleteDeadLetter(id: string): Promise<void>;

  // Event flows. Flow runs are runs (`kind: 'flow'`) kept with putRun.

  /**
   * Forgets the oldest flow runs of one data source in one of `statuses`,
   * keeping the `keep` written first most recently (write order, as listRuns lists them).
   * Returns the ids of the runs removed.
   */
  pruneFlowRuns(connectionId: string, collection: string, statuses: readonly RunStatus[], keep: number): Promise<string[]>;

  /** Appends events to the queue, all or none; `listQueuedEvents` returns them in this order. */
  enqueueEvents(events: QueuedEvent[]): Promise<void>;
  /** The oldest queued events of one data source, in the order enqueued; they stay queued until acked. */
  listQueuedEvents(connectionId: string, collection: string, limit: number): Promise<QueuedEvent[]>;
  /** Removes events from the queue once their flow runs are done (unknown ids are ignored). */
  ackEvents(ids: string[]): Promise<void>;
  countQueuedEvents(connectionId: string, collection: string): Promise<number>;

  /** The last delivered versions of these records (those never delivered are left out). */
  getRecordVersions(connectionId: string, collection: string, recordIds: string[]): Promise<RecordVersion[]>;
  /** Every record version of one data source (a full scan compares its ids with them). */
  listRecordVersions(connectionId: string, collection: string): Promise<RecordVersion[]>;
  /** Inserts or replaces, keyed by connection, collection and record id. */
  putRecordVersions(versions: RecordVersion[]): Promise<void>;

  listFlowStates(): Promise<FlowState[]>;
  getFlowState(connectionId: string, collection: string): Promise<FlowState | undefined>;
  /** Inserts or replaces, keyed by connection and collection. */
  putFlowState(state: FlowState): Promise<void>;

  /** Of these app event ids, the ones already seen for this connection (webhook replay protection). */
  getSeenEventIds(connectionId: string, eventIds: string[]): Promise<string[]>;
  /** Remembers app event ids as seen at `at`, and forgets any (of any connection) seen before `forgetBefore`. */
  putSeenEventIds(connectionId: string, eventIds: string[], at: number, forgetBefore: number): Promise<void>;

  /** The secret a connection's webhooks are signed with, when the engine generated it; kept apart like credentials. */
  getWebhookSecret(connectionId: string): Promise<string | undefined>;
  putWebhookSecret(connectionId: string, secret: string): Promise<void>;

  /** Keeps a sign-in in progress, and forgets any that expired before `forgetExpiredBefore`. */
  putOAuthSession(session: OAuthSession, forgetExpiredBefore: number): Promise<void>;
  /** Reads and removes a sign-in in one step, so its state can be answered once only. */
  takeOAuthSession(state: string): Promise<OAuthSession | undefined>;
}

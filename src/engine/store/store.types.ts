import type { Credentials } from '../connectors/connector.types.ts';
import type { DeliveredRecord } from '../delivery/delivery.types.ts';
import type { Connection, ResolvedDataSource, RunCounters, RunSnapshot, SkippedRecord } from '../engine.types.ts';
import type { TributaryErrorData } from '../errors.ts';
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

/**
 * Everything the engine persists. Async throughout, so durable stores
 * (SQLite, Postgres) fit behind the same interface as the memory store.
 */
export interface Store {
  listConnections(): Promise<Connection[]>;
  getConnection(id: string): Promise<Connection | undefined>;
  putConnection(connection: Connection): Promise<void>;
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
}

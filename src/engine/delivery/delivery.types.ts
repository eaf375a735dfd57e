import type { ResolvedDataSource } from '../engine.types.ts';

/** What every delivered record carries, an upsert or a tombstone. */
interface DeliveredRecordBase {
  /** The record's id in the external app. */
  id: string;
  /**
   * Deterministic per record version: `connectionId:collection:recordId:version`,
   * where the version is `u` + the record's updated-at, or `h` + a hash of its content
   * (for a tombstone, `d` + the delete's version, or of the last version delivered).
   * A `:` or `%` in the connection id, collection or record id is written `%3A` or `%25`,
   * so parts never run together (the version, last, is left as it is).
   * A redelivery after a crash carries the same key, so receivers can drop it.
   */
  idempotencyKey: string;
}

/** A record created or changed in the app, mapped onto the host's schema. */
export interface UpsertedRecord extends DeliveredRecordBase {
  op: 'upsert';
  data: Record<string, unknown>;
}

/** A record deleted in the app: its id, and no data. */
export interface Tombstone extends DeliveredRecordBase {
  op: 'delete';
  data?: undefined;
}

/** One record on its way to the host app. */
export type DeliveredRecord = UpsertedRecord | Tombstone;

export interface DeliveryBatch {
  runId: string;
  dataSource: ResolvedDataSource;
  records: DeliveredRecord[];
}

/**
 * Where mapped records go. Resolving acknowledges the whole batch; throwing
 * fails the run with a `destination` error and the checkpoint does not move.
 */
export type Destination = (batch: DeliveryBatch, context: { signal: AbortSignal }) => Promise<void>;

import type { ResolvedDataSource } from '../engine.types.ts';

/** One mapped record on its way to the host app. */
export interface DeliveredRecord {
  /** The record's id in the external app. */
  id: string;
  /**
   * Deterministic per record version: `connectionId:collection:recordId:version`,
   * where the version is `u` + the record's updated-at, or `h` + a hash of its content.
   * A `:` or `%` in the connection id, collection or record id is written `%3A` or `%25`,
   * so parts never run together (the version, last, is left as it is).
   * A redelivery after a crash carries the same key, so receivers can drop it.
   */
  idempotencyKey: string;
  op: 'upsert';
  data: Record<string, unknown>;
}

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

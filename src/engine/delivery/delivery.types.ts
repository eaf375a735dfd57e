import type { ResolvedDataSource } from '../engine.types.ts';

/** One mapped record on its way to the host app. */
export interface DeliveredRecord {
  /** The record's id in the external app. */
  id: string;
  /**
   * Deterministic per record version: `connectionId:collection:recordId:version`.
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

import type { DeliveryBatch } from '../../src/engine/index.ts';

export interface ReceivedUser {
  id: string;
  data: Record<string, unknown>;
}

export interface ReceiverSnapshot {
  /** Batches acknowledged. */
  batches: number;
  /** Records delivered, redeliveries included. */
  deliveries: number;
  /** Redeliveries recognised by their idempotency key and dropped. */
  duplicates: number;
  /** The host's table: one row per external record id. */
  rows: readonly ReceivedUser[];
}

/**
 * The host app's side of an in-process destination: it stores each record by
 * id and drops a redelivery by its idempotency key, as a real receiver would.
 */
export function createHostReceiver() {
  const seenKeys = new Set<string>();
  const rows = new Map<string, ReceivedUser>();
  let snapshot: ReceiverSnapshot = { batches: 0, deliveries: 0, duplicates: 0, rows: [] };
  const listeners = new Set<() => void>();

  return {
    async destination(batch: DeliveryBatch): Promise<void> {
      let duplicates = 0;
      for (const record of batch.records) {
        if (seenKeys.has(record.idempotencyKey)) {
          duplicates += 1;
          continue;
        }
        seenKeys.add(record.idempotencyKey);
        // A tombstone removes the row; anything else upserts it.
        if (record.op === 'delete') rows.delete(record.id);
        else rows.set(record.id, { id: record.id, data: record.data });
      }
      snapshot = {
        batches: snapshot.batches + 1,
        deliveries: snapshot.deliveries + batch.records.length,
        duplicates: snapshot.duplicates + duplicates,
        rows: [...rows.values()],
      };
      for (const listener of [...listeners]) listener();
    },
    getSnapshot: (): ReceiverSnapshot => snapshot,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type HostReceiver = ReturnType<typeof createHostReceiver>;

import type { ResolvedDataSource } from '../engine.types.ts';
import type { TributaryErrorData } from '../errors.ts';

/** What happened to a record in the app, as the flow understands it. */
export type FlowEventType = 'record-created' | 'record-updated' | 'record-deleted';

/** Where a data source's change events come from, as its connector declares. */
export type FlowSourceKind = 'webhook' | 'polling' | 'full-scan';

/** How an event reached the queue: from a source, or put back by a retry of a failed flow run. */
export type FlowEventOrigin = FlowSourceKind | 'retry';

/**
 * One change event, durable in the store's queue until its flow run is done.
 * Plain JSON, so every store can keep it as it is.
 */
export interface QueuedEvent {
  /** Assigned by the engine on receipt; unique. */
  id: string;
  connectionId: string;
  collection: string;
  type: FlowEventType;
  recordId: string;
  /** The record's version the event names (updated-at or a version number), as the app wrote it. */
  version?: string | number;
  /** The app's own id for the event, if it sends one. */
  sourceEventId?: string;
  /** The record as the source already read it (polling, full scan): the flow then needs no fetch. */
  record?: unknown;
  origin: FlowEventOrigin;
  /** The flow run this event gives (assigned on receipt, so a crash mid-run goes on with the same run; a retry names the failed run). */
  runId: string;
  receivedAt: number;
}

/** The last version of one record the destination acknowledged: stale and duplicate events compare against it. */
export interface RecordVersion {
  connectionId: string;
  collection: string;
  recordId: string;
  /** The version part of the delivered idempotency key (`u` + updated-at, `h` + content hash, or `d…` for a delete). */
  version: string;
  /** Where the app's versions are ordered (updated-at in epoch ms, or a version number): the order of `version`. */
  rank?: number;
  /** True once a tombstone was delivered: final unless a strictly newer create or update arrives. */
  deleted: boolean;
  updatedAt: number;
}

/** A data source's incremental side, as persisted: where its events come from and how far it got. */
export interface FlowState {
  connectionId: string;
  collection: string;
  dataModel?: string;
  source: FlowSourceKind;
  /** `waiting` until the data source's full import has succeeded. */
  status: 'waiting' | 'active';
  /** Start of the full import the flow follows: polling begins there, so nothing in between is missed. */
  importStartedAt: number;
  /** The import run whose success starts the flow. */
  importRunId?: string;
  activatedAt?: number;
  /** Polling: the updated-since (epoch ms) of the next poll. */
  pollCursor?: number;
  /** Polling or full scan: when the last one finished, and when the next is due. */
  lastPollAt?: number;
  nextPollAt?: number;
  /** Full scan: when the last complete scan finished, and how many records it saw. */
  lastScanAt?: number;
  lastScanCount?: number;
  /** Periodic full re-sync: when the next one is due. */
  nextFullSyncAt?: number;
  /** The last poll or scan's failure, cleared by the next success. */
  error?: TributaryErrorData;
  updatedAt: number;
}

export type FlowStepName = 'fetch' | 'map' | 'deliver';
export type FlowStepStatus = 'pending' | 'running' | 'succeeded' | 'skipped' | 'failed';

export interface FlowStep {
  name: FlowStepName;
  status: FlowStepStatus;
  startedAt?: number;
  finishedAt?: number;
  /** Why a step was skipped, in a few words. */
  note?: string;
  error?: TributaryErrorData;
}

/** What a flow run came to. */
export type FlowOutcome = 'delivered' | 'stale' | 'duplicate' | 'gone';

/** The event-specific part of a flow run (a run with `kind: 'flow'`). */
export interface FlowRunDetail {
  type: FlowEventType;
  recordId: string;
  version?: string | number;
  origin: FlowEventOrigin;
  /** How many queued events this run coalesced (duplicates of one record version). */
  events: number;
  steps: FlowStep[];
  outcome?: FlowOutcome;
  /** The event, kept so a failed run can be retried. */
  event: QueuedEvent;
}

/** A data source's flow as a host's UI shows it. */
export interface FlowSummary
  extends Partial<Pick<FlowState, 'importStartedAt' | 'activatedAt' | 'pollCursor' | 'lastPollAt' | 'nextPollAt' | 'lastScanAt' | 'lastScanCount' | 'nextFullSyncAt' | 'error'>> {
  dataSource: ResolvedDataSource;
  source: FlowSourceKind;
  /** `inactive` until an import of the data source starts; `waiting` until one succeeds. */
  status: 'inactive' | FlowState['status'];
  /** Events received and not yet processed. */
  queueDepth: number;
  /** Polling and full scan: milliseconds between polls or scans. */
  intervalMs?: number;
  /** Webhooks: where the secret comes from, and whether a generated one was made yet. */
  webhook?: { secret: 'generated' | 'credential'; ready: boolean };
}

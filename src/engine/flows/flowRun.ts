import type { CollectionDefinition } from '../connectors/connector.types.ts';
import type { DeliveredRecord, Destination } from '../delivery/delivery.types.ts';
import type { ResolvedDataSource, RunSnapshot } from '../engine.types.ts';
import { TributaryError, toTributaryError } from '../errors.ts';
import { retrying } from '../http/retry.ts';
import type { CompiledMapping } from '../mapping/mapping.types.ts';
import { callApp, noteRetry, sendBatch, type CallContext } from '../runs/appCall.ts';
import { keyPart, type RecordPaths } from '../runs/importRun.ts';
import type { RunTracker } from '../runs/runTracker.ts';
import type { Store } from '../store/store.types.ts';
import { getPath } from '../util/path.ts';
import type { FlowOutcome, FlowRunDetail, FlowStep, FlowStepName, QueuedEvent, RecordVersion } from './flow.types.ts';
import { deleteKey, judge, rankOf, versionKey } from './versions.ts';

/** Everything one batch of a data source's events shares. */
export interface FlowJob extends Omit<CallContext, 'tracker'> {
  store: Store;
  destination: Destination;
  collection: CollectionDefinition;
  dataSource: ResolvedDataSource;
  /** The compiled mapping, or why it could not be compiled: each run then fails at its map step. */
  mapping: CompiledMapping | TributaryError;
  paths: RecordPaths;
  /** A tracker for a flow run, writing and announcing it like any run. */
  track: (run: RunSnapshot) => RunTracker;
}

const EMPTY_COUNTERS = { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 };

const OUTCOME_TEXT: Record<FlowOutcome, string> = {
  delivered: 'Delivered.',
  stale: 'Not delivered: the host already has a newer version.',
  duplicate: 'Not delivered: the host already has this version.',
  gone: 'Not delivered: the record no longer exists in the app; its delete event follows.',
};

/** A new flow run for an event, or the run it goes on with (a retry, or a restart after a crash). */
export function flowRunFor(event: QueuedEvent, dataSource: ResolvedDataSource, events: number, now: number, previous?: RunSnapshot): RunSnapshot {
  const steps: FlowStep[] = (['fetch', 'map', 'deliver'] as const).map((name) => ({ name, status: 'pending' }));
  const flow: FlowRunDetail = {
    type: event.type,
    recordId: event.recordId,
    ...(event.version !== undefined ? { version: event.version } : {}),
    origin: event.origin,
    events,
    steps,
    event,
  };
  if (previous) {
    return { ...previous, status: 'queued', counters: { ...EMPTY_COUNTERS, retries: previous.counters.retries }, flow, error: undefined, finishedAt: undefined, resumesAt: undefined };
  }
  return { id: event.runId, revision: 0, kind: 'flow', dataSource, status: 'queued', createdAt: now, counters: { ...EMPTY_COUNTERS }, skipped: [], log: [], flow };
}

/** Moves one step of the run's detail; the run is written when the run ends, not per step. */
function step(run: RunSnapshot, name: FlowStepName, change: Partial<FlowStep>): Partial<RunSnapshot> {
  const flow = run.flow as FlowRunDetail;
  return { flow: { ...flow, steps: flow.steps.map((item) => (item.name === name ? { ...item, ...change } : item)) } };
}

function skipRest(run: RunSnapshot, note: string): Partial<RunSnapshot> {
  const flow = run.flow as FlowRunDetail;
  return { flow: { ...flow, steps: flow.steps.map((item) => (item.status === 'pending' ? { ...item, status: 'skipped', note } : item)) } };
}

/**
 * Reads the record the event names, or undefined when the app no longer has it.
 * A read older than the version the event announced came from a lagging
 * replica: it is retried like a transient failure, not taken for the record.
 */
async function fetchRecord(job: FlowJob, tracker: RunTracker, recordId: string, eventRank: number | undefined): Promise<{ record: unknown; bytes: number } | undefined> {
  return retrying(
    async () => {
      const fetched = await fetchOnce(job, tracker, recordId);
      const rank = fetched && rankOf(job.paths.updatedAt?.(fetched.record));
      if (fetched && eventRank !== undefined && rank !== undefined && rank < eventRank) {
        throw new TributaryError({ code: 'source.stale-read', class: 'transient', message: `${job.connector.name} answered with an older version of record ${recordId} than its event announced.` });
      }
      return fetched;
    },
    { policy: job.retry, clock: job.http.clock, random: job.random, signal: job.signal, onRetry: (info) => noteRetry({ ...job, tracker }, `Record ${recordId}`, info) },
  );
}

async function fetchOnce(job: FlowJob, tracker: RunTracker, recordId: string): Promise<{ record: unknown; bytes: number } | undefined> {
  const get = job.collection.get;
  if (!get) {
    throw new TributaryError({ code: 'flow.no-get', class: 'config', message: `${job.connector.name}'s ${job.collection.name} cannot be read by id (no "get" operation).` });
  }
  try {
    const response = await callApp(
      { ...job, tracker },
      { path: get.path.replaceAll('{id}', encodeURIComponent(recordId)), ...(get.query ? { query: get.query } : {}) },
      `Record ${recordId}`,
    );
    const record = get.recordPath ? getPath(response.body, get.recordPath) : response.body;
    if (record === null || typeof record !== 'object') {
      throw new TributaryError({
        code: 'source.record-missing',
        class: 'source-data',
        message: `${job.connector.name} answered for record ${recordId} with no record at "${get.recordPath || '(body)'}".`,
      });
    }
    return { record, bytes: response.bytes };
  } catch (thrown) {
    const error = toTributaryError(thrown);
    if (error.status === 404 || error.status === 410) return undefined;
    throw error;
  }
}

/** Delivers one record, retrying what is worth retrying. */
async function deliverOne(job: FlowJob, tracker: RunTracker, record: DeliveredRecord): Promise<void> {
  await retrying(() => sendBatch(job.destination, { runId: tracker.run.id, dataSource: job.dataSource, records: [record] }, job.signal), {
    policy: job.retry,
    clock: job.http.clock,
    random: job.random,
    signal: job.signal,
    onRetry: (info) => noteRetry({ ...job, tracker }, 'Delivery', info),
  });
}

/**
 * One event's flow run: fetch the record (not for a delete, nor when the
 * event carries it), map it, deliver it, then remember the version delivered.
 * A stale or duplicate event ends early without touching the host. Throws
 * only when aborted; any other failure ends the run `failed` and is returned.
 */
export async function runFlowEvent(job: FlowJob, tracker: RunTracker, event: QueuedEvent): Promise<TributaryError | undefined> {
  const { clock } = job.http;
  const { connectionId, collection } = job.dataSource;
  let current: FlowStepName = 'fetch';
  const begin = (name: FlowStepName) => {
    current = name;
    tracker.amend((run) => step(run, name, { status: 'running', startedAt: clock.now() }));
  };
  const end = (name: FlowStepName, change: Partial<FlowStep> = {}) => {
    tracker.amend((run) => step(run, name, { status: 'succeeded', finishedAt: clock.now(), ...change }));
  };
  const finish = (outcome: FlowOutcome) =>
    tracker.update(
      (run) => {
        const flow = skipRest(run, OUTCOME_TEXT[outcome]).flow as FlowRunDetail;
        return { status: 'succeeded', finishedAt: clock.now(), flow: { ...flow, outcome } };
      },
      { level: 'info', message: OUTCOME_TEXT[outcome] },
    );

  await tracker.update(() => ({ status: 'running', startedAt: clock.now(), finishedAt: undefined, error: undefined }));
  try {
    const [stored] = await job.store.getRecordVersions(connectionId, collection, [event.recordId]);
    const eventRank = rankOf(event.version);
    // Before any request: an event no newer than what the host has needs nothing.
    const early = judge(stored, event.type, undefined, eventRank);
    if (early) {
      await finish(early);
      return undefined;
    }
    const prefix = job.paths.keyPrefix + keyPart(event.recordId);
    if (event.type === 'record-deleted') {
      tracker.amend((run) => step(run, 'fetch', { status: 'skipped', note: 'A delete is not fetched.' }));
      tracker.amend((run) => step(run, 'map', { status: 'skipped', note: 'A tombstone carries no data.' }));
      const version = deleteKey(event.version, stored);
      begin('deliver');
      await deliverOne(job, tracker, { id: event.recordId, idempotencyKey: `${prefix}:${version}`, op: 'delete' });
      end('deliver');
      // A full scan's delete has no order of its own: the record may come back with any version.
      const rank = event.origin === 'full-scan' ? undefined : (eventRank ?? stored?.rank);
      await job.store.putRecordVersions([{ connectionId, collection, recordId: event.recordId, version, ...(rank !== undefined ? { rank } : {}), deleted: true, updatedAt: clock.now() }]);
      tracker.amend((run) => ({ counters: { ...run.counters, delivered: 1 } }));
      await finish('delivered');
      return undefined;
    }

    let record: unknown = event.record;
    if (record === undefined) {
      begin('fetch');
      const fetched = await fetchRecord(job, tracker, event.recordId, eventRank);
      if (!fetched) {
        end('fetch', { note: 'Not found.' });
        await finish('gone');
        return undefined;
      }
      record = fetched.record;
      end('fetch');
      tracker.amend((run) => ({ counters: { ...run.counters, fetched: 1, bytes: run.counters.bytes + fetched.bytes } }));
    } else {
      tracker.amend((run) => step(run, 'fetch', { status: 'skipped', note: `Read by the ${event.origin === 'polling' ? 'poll' : 'scan'}.` }));
    }

    const updatedAt = job.paths.updatedAt?.(record);
    const version = versionKey(updatedAt, record);
    const rank = rankOf(updatedAt);
    const verdict = judge(stored, event.type, version, rank);
    if (verdict) {
      await finish(verdict);
      return undefined;
    }

    begin('map');
    if (job.mapping instanceof TributaryError) throw job.mapping;
    const mapped = job.mapping(record);
    if (!mapped.ok) {
      throw new TributaryError({
        code: 'mapping.record-invalid',
        class: 'source-data',
        message: `Record ${event.recordId} could not be mapped: ${mapped.errors.map((error) => `${error.field} ${error.message}`).join('; ')}.`,
      });
    }
    if (mapped.nulled) {
      // Delivered all the same (the mapping says so), and said where a person looks: the step and the log.
      const note = `Fields set to null: ${mapped.nulled.map((error) => `${error.field} ${error.message}`).join('; ')}.`;
      end('map', { note });
      await tracker.update(() => ({}), { level: 'warn', message: `Record ${event.recordId}: ${note}` });
    } else {
      end('map');
    }

    begin('deliver');
    await deliverOne(job, tracker, { id: event.recordId, idempotencyKey: `${prefix}:${version}`, op: 'upsert', data: mapped.value });
    end('deliver');
    const delivered: RecordVersion = { connectionId, collection, recordId: event.recordId, version, ...(rank !== undefined ? { rank } : {}), deleted: false, updatedAt: clock.now() };
    await job.store.putRecordVersions([delivered]);
    tracker.amend((run) => ({ counters: { ...run.counters, delivered: 1 } }));
    await finish('delivered');
    return undefined;
  } catch (thrown) {
    if (job.signal.aborted) throw job.signal.reason;
    const error = toTributaryError(thrown);
    const failed = current;
    await tracker.update(
      (run) => {
        const marked = step(run, failed, { status: 'failed', finishedAt: clock.now(), error: error.toJSON() }).flow as FlowRunDetail;
        return { ...skipRest({ ...run, flow: marked }, `The ${failed} step failed.`), status: 'failed', finishedAt: clock.now(), error: error.toJSON() };
      },
      { level: 'error', message: `${failed[0]?.toUpperCase()}${failed.slice(1)} failed: ${error.message}` },
    );
    return error;
  }
}

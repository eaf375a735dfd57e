import type { CollectionDefinition, ListOperation, ParamLocation } from '../connectors/connector.types.ts';
import type { DeliveredRecord, Destination } from '../delivery/delivery.types.ts';
import type { ResolvedDataSource, RunCounters, SkippedRecord } from '../engine.types.ts';
import { TributaryError, toTributaryError } from '../errors.ts';
import type { RecordVersion } from '../flows/flow.types.ts';
import { rankOf, versionKey } from '../flows/versions.ts';
import { retrying } from '../http/retry.ts';
import type { CompiledMapping } from '../mapping/mapping.types.ts';
import { firstPage, nextPage, pageRequest, type PageState } from '../pagination/pagination.ts';
import type { Store } from '../store/store.types.ts';
import { READ_SITES, compileGetter, getPath, parsePath, type Getter } from '../util/path.ts';
import { callApp, noteRetry, resumeRunning, sendBatch, type CallContext, type CallRequest } from './appCall.ts';
import { RunTracker } from './runTracker.ts';

export interface ImportJob extends CallContext {
  store: Store;
  destination: Destination;
  collection: CollectionDefinition;
  dataSource: ResolvedDataSource;
  mapping: CompiledMapping;
  tracker: RunTracker;
  /** Files a batch the destination would not take, and returns its id. */
  deadLetter: (records: DeliveredRecord[], error: TributaryError, attempts: number) => Promise<string>;
  /**
   * Keeps each delivered record's version in the store, for a data source with
   * change events: its flow then knows what the host already has.
   */
  trackVersions?: boolean;
}

/** One fetched, parsed and mapped page, with the paging state of the page after it. */
interface Page {
  number: number;
  records: number;
  bytes: number;
  mapped: DeliveredRecord[];
  skipped: SkippedRecord[];
  /** Records delivered with fields an `onError: 'null'` mapping set to null: how many, and the first few. */
  nulled: { count: number; first: SkippedRecord[] };
  next: PageState | undefined;
  /** The mapped records' versions, when the job tracks them. */
  versions?: RecordVersion[];
}

/** The per-record readers, compiled once per run rather than once per record. */
export interface RecordPaths {
  id: Getter;
  updatedAt: Getter | undefined;
  /** `connectionId:collection:`, escaped once. */
  keyPrefix: string;
}

/**
 * Escapes the separator (and the escape character) in one part of an
 * idempotency key, so `a:b` + `c` and `a` + `b:c` never give the same key.
 * Most ids need nothing, and pay for nothing. The version, last, needs no
 * escaping: the parts before it hold no bare `:`.
 */
export function keyPart(value: string): string {
  return value.includes(':') || value.includes('%') ? value.replaceAll('%', '%25').replaceAll(':', '%3A') : value;
}

export function recordPaths(list: ListOperation, dataSource: ResolvedDataSource): RecordPaths {
  const { idPath, updatedAtPath } = list;
  // The connector was validated, so these parse.
  const { connectionId, collection } = dataSource;
  const updatedAt = updatedAtPath ? parsePath(updatedAtPath) : undefined;
  return {
    // Read sites of their own, apart from the ones a mapping hands out from 0 up.
    id: compileGetter(parsePath(idPath) ?? [], READ_SITES - 2),
    updatedAt: updatedAt && compileGetter(updatedAt, READ_SITES - 1),
    keyPrefix: `${keyPart(connectionId)}:${keyPart(collection)}:`,
  };
}

/** The records array of a list page; a typed error when the page has none. */
export function recordsOf(connector: { name: string }, list: ListOperation, body: unknown, pageNumber: number): unknown[] {
  const { recordsPath } = list;
  const records = recordsPath === '' ? body : getPath(body, recordsPath);
  if (!Array.isArray(records)) {
    throw new TributaryError({
      code: 'source.records-missing',
      class: 'source-data',
      message: `Page ${pageNumber} from ${connector.name} has no records array at "${recordsPath || '(body)'}".`,
    });
  }
  return records;
}

/** A record's id as text, or undefined when it has none. */
export function idOf(paths: RecordPaths, record: unknown): string | undefined {
  const rawId = paths.id(record);
  if ((typeof rawId !== 'string' || rawId === '') && typeof rawId !== 'number') return undefined;
  return String(rawId);
}

/** How many records with nulled fields a page's log entry names; the rest are counted. */
const NULLED_NAMED = 3;

function fieldErrorsText(errors: readonly { field: string; message: string }[]): string {
  return errors.map((error) => `${error.field} ${error.message}`).join('; ');
}

/** The log line for a page's records delivered with fields set to null, naming the first few. */
function nulledMessage(pageNumber: number, nulled: Page['nulled']): string {
  const named = nulled.first.map((record) => `${record.recordId} (${record.reason.length > 200 ? `${record.reason.slice(0, 200)}…` : record.reason})`).join(', ');
  const rest = nulled.count - nulled.first.length;
  const noun = nulled.count === 1 ? 'record' : 'records';
  return `Page ${pageNumber}: ${nulled.count} ${noun} delivered with fields set to null: ${named}${rest > 0 ? ` and ${rest} more` : ''}.`;
}

function mapRecords(job: ImportJob, paths: RecordPaths, records: unknown[], pageNumber: number): Pick<Page, 'mapped' | 'skipped' | 'nulled' | 'versions'> & { lastId: string | undefined } {
  const { idPath } = job.collection.list;
  const mapped: DeliveredRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const nulled: Page['nulled'] = { count: 0, first: [] };
  const versions: RecordVersion[] | undefined = job.trackVersions ? [] : undefined;
  const now = job.http.clock.now();
  let lastId: string | undefined;
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index];
    const id = idOf(paths, record);
    if (id === undefined) {
      throw new TributaryError({
        code: 'source.record-without-id',
        class: 'source-data',
        message: `Page ${pageNumber}, record ${index + 1}: no id at "${idPath}".`,
      });
    }
    lastId = id;
    const result = job.mapping(record);
    if (!result.ok) {
      skipped.push({ recordId: id, reason: fieldErrorsText(result.errors), errors: result.errors });
      continue;
    }
    if (result.nulled) {
      nulled.count += 1;
      if (nulled.first.length < NULLED_NAMED) nulled.first.push({ recordId: id, reason: fieldErrorsText(result.nulled), errors: result.nulled });
    }
    const updatedAt = paths.updatedAt?.(record);
    const version = versionKey(updatedAt, record);
    mapped.push({ id, idempotencyKey: `${paths.keyPrefix}${keyPart(id)}:${version}`, op: 'upsert', data: result.value });
    if (versions) {
      const rank = rankOf(updatedAt);
      const { connectionId, collection } = job.dataSource;
      versions.push({ connectionId, collection, recordId: id, version, ...(rank !== undefined ? { rank } : {}), deleted: false, updatedAt: now });
    }
  }
  return { mapped, skipped, nulled, lastId, ...(versions ? { versions } : {}) };
}

/** The list request for the page `state` describes, plus an extra parameter (an updated-since filter) if given. */
export function listRequest(list: ListOperation, state: PageState, extra?: { in: ParamLocation; name: string; value: string | number }): CallRequest {
  const params = pageRequest(list, state);
  // A next-page URL carries the filter it was made from.
  if (extra && params.url === undefined) {
    if (extra.in === 'body') params.body = { ...params.body, [extra.name]: extra.value };
    else if (extra.in === 'header') params.headers[extra.name] = String(extra.value);
    else params.query[extra.name] = String(extra.value);
  }
  return { path: list.path, url: params.url, method: list.method, query: params.query, headers: params.headers, body: params.body };
}

/** Fetches, parses and maps one page, retrying what is worth retrying. */
async function fetchPage(job: ImportJob, paths: RecordPaths, state: PageState): Promise<Page> {
  const response = await callApp(job, listRequest(job.collection.list, state), `Page ${state.page}`);
  const records = recordsOf(job.connector, job.collection.list, response.body, state.page);
  const { mapped, skipped, nulled, lastId, versions } = mapRecords(job, paths, records, state.page);
  const next = nextPage(job.collection.list, state, response, records, lastId);
  return { number: state.page, records: records.length, bytes: response.bytes, mapped, skipped, nulled, next, ...(versions ? { versions } : {}) };
}

/**
 * Hands a page to the destination, retrying transient failures. A batch still
 * refused after the retry budget goes to the dead-letter list and the run goes
 * on; a refusal that retrying cannot fix fails the run.
 */
async function deliver(job: ImportJob, page: Page): Promise<number> {
  if (page.mapped.length === 0) return 0;
  let attempts = 0;
  try {
    await retrying(
      async () => {
        attempts += 1;
        await resumeRunning(job);
        await sendBatch(job.destination, { runId: job.tracker.run.id, dataSource: job.dataSource, records: page.mapped }, job.signal);
      },
      { policy: job.retry, clock: job.http.clock, random: job.random, signal: job.signal, onRetry: (info) => noteRetry(job, `Delivery of page ${page.number}`, info) },
    );
    return 0;
  } catch (thrown) {
    if (job.signal.aborted) throw job.signal.reason;
    const error = toTributaryError(thrown);
    if (!error.retryable) throw error;
    const id = await job.deadLetter(page.mapped, error, attempts);
    await job.tracker.update(() => ({}), {
      level: 'error',
      message: `Page ${page.number}: ${page.mapped.length} records kept as dead letter ${id} after ${attempts} attempts: ${error.message}`,
    });
    return page.mapped.length;
  }
}

/**
 * Pages through the collection: fetch, map, deliver, then checkpoint. The next
 * page is fetched while the current one is delivered (one page ahead, so memory
 * stays flat), and the checkpoint moves only after the destination acknowledged.
 */
export async function runImport(job: ImportJob): Promise<void> {
  const { tracker, store, signal } = job;
  const runId = tracker.run.id;
  const checkpoint = await store.getCheckpoint(runId);
  if (checkpoint && checkpoint.next === undefined) return;
  const paths = recordPaths(job.collection.list, job.dataSource);
  let ahead: Promise<Page> = fetchPage(job, paths, checkpoint?.next ?? firstPage(job.collection.list.pagination));

  for (;;) {
    const page = await ahead;
    if (page.next) {
      ahead = fetchPage(job, paths, page.next);
      // Awaited on the next turn; this keeps a failure meanwhile from going unhandled.
      ahead.catch(() => undefined);
    }
    const deadLettered = await deliver(job, page);
    signal.throwIfAborted();
    // Dead-lettered records are not the host's yet; their versions wait for the replay.
    if (page.versions && page.versions.length > 0 && deadLettered === 0) await store.putRecordVersions(page.versions);
    const before = tracker.run;
    const counters: RunCounters = {
      pages: before.counters.pages + 1,
      fetched: before.counters.fetched + page.records,
      delivered: before.counters.delivered + page.mapped.length - deadLettered,
      skipped: before.counters.skipped + page.skipped.length,
      retries: before.counters.retries,
      bytes: before.counters.bytes + page.bytes,
      deadLettered: before.counters.deadLettered + deadLettered,
    };
    const skipped = RunTracker.withSkipped(before, page.skipped);
    let run =
      page.skipped.length > 0
        ? await tracker.update(() => ({ counters, skipped }), {
            level: 'warn',
            message: `Page ${page.number}: skipped ${page.skipped.length} ${page.skipped.length === 1 ? 'record' : 'records'} that could not be mapped.`,
          })
        : await tracker.progress(counters, skipped);
    // Delivered, yet not as the app had them: said in the log, since the counters have no place for it.
    if (page.nulled.count > 0) run = await tracker.update(() => ({}), { level: 'warn', message: nulledMessage(page.number, page.nulled) });
    await store.putCheckpoint({
      runId,
      ...(page.next ? { next: page.next } : {}),
      counters: run.counters,
      skipped: run.skipped,
      updatedAt: job.http.clock.now(),
    });
    if (!page.next) return;
  }
}

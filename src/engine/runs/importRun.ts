import { sleep } from '../clock.ts';
import type { CollectionDefinition, ConnectorDefinition, Credentials } from '../connectors/connector.types.ts';
import type { DeliveredRecord, Destination } from '../delivery/delivery.types.ts';
import type { ResolvedDataSource, RunSnapshot, SkippedRecord } from '../engine.types.ts';
import { TributaryError, toTributaryError } from '../errors.ts';
import { requestApp, type AppResponse, type HttpContext } from '../http/appRequest.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import { retryAfterMs, retrying, type RetryInfo, type RetryPolicy } from '../http/retry.ts';
import type { CompiledMapping } from '../mapping/mapping.types.ts';
import { firstPage, nextPage, pageRequest, type PageState } from '../pagination/pagination.ts';
import type { Store } from '../store/store.types.ts';
import { hashString, stableStringify } from '../util/hash.ts';
import { compileGetter, getPath, parsePath, type Getter } from '../util/path.ts';
import { RunTracker } from './runTracker.ts';

/** A pacing wait at least this long shows the run as `rate-limited`; shorter ones are just spacing. */
const SHOW_RATE_LIMIT_MS = 1000;

export interface ImportJob {
  http: HttpContext;
  store: Store;
  destination: Destination;
  connector: ConnectorDefinition;
  collection: CollectionDefinition;
  credentials: Credentials;
  dataSource: ResolvedDataSource;
  mapping: CompiledMapping;
  tracker: RunTracker;
  signal: AbortSignal;
  retry: RetryPolicy;
  random: () => number;
  /** The connection's limiter: it paces to the app's published limit, if any, and holds back after a 429. */
  limiter: RateLimiter;
  /** Files a batch the destination would not take, and returns its id. */
  deadLetter: (records: DeliveredRecord[], error: TributaryError, attempts: number) => Promise<string>;
}

/** One fetched, parsed and mapped page, with the paging state of the page after it. */
interface Page {
  number: number;
  records: number;
  bytes: number;
  mapped: DeliveredRecord[];
  skipped: SkippedRecord[];
  next: PageState | undefined;
}

/** The per-record readers, compiled once per run rather than once per record. */
interface RecordPaths {
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

function recordPaths(job: ImportJob): RecordPaths {
  const { idPath, updatedAtPath } = job.collection.list;
  // The connector was validated, so these parse.
  const { connectionId, collection } = job.dataSource;
  const updatedAt = updatedAtPath ? parsePath(updatedAtPath) : undefined;
  return {
    id: compileGetter(parsePath(idPath) ?? []),
    updatedAt: updatedAt && compileGetter(updatedAt),
    keyPrefix: `${keyPart(connectionId)}:${keyPart(collection)}:`,
  };
}

function recordsOf(job: ImportJob, body: unknown, pageNumber: number): unknown[] {
  const { recordsPath } = job.collection.list;
  const records = recordsPath === '' ? body : getPath(body, recordsPath);
  if (!Array.isArray(records)) {
    throw new TributaryError({
      code: 'source.records-missing',
      class: 'source-data',
      message: `Page ${pageNumber} from ${job.connector.name} has no records array at "${recordsPath || '(body)'}".`,
    });
  }
  return records;
}

function versionOf(paths: RecordPaths, record: unknown): string {
  const updatedAt = paths.updatedAt?.(record);
  if (typeof updatedAt === 'string' || typeof updatedAt === 'number') return `u${updatedAt}`;
  return `h${hashString(stableStringify(record))}`;
}

function mapRecords(job: ImportJob, paths: RecordPaths, records: unknown[], pageNumber: number): Pick<Page, 'mapped' | 'skipped'> & { lastId: string | undefined } {
  const { idPath } = job.collection.list;
  const mapped: DeliveredRecord[] = [];
  const skipped: SkippedRecord[] = [];
  let lastId: string | undefined;
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index];
    const rawId = paths.id(record);
    if ((typeof rawId !== 'string' || rawId === '') && typeof rawId !== 'number') {
      throw new TributaryError({
        code: 'source.record-without-id',
        class: 'source-data',
        message: `Page ${pageNumber}, record ${index + 1}: no id at "${idPath}".`,
      });
    }
    const id = String(rawId);
    lastId = id;
    const result = job.mapping(record);
    if (!result.ok) {
      skipped.push({ recordId: id, reason: result.errors.map((error) => `${error.field} ${error.message}`).join('; '), errors: result.errors });
      continue;
    }
    const key = `${paths.keyPrefix}${keyPart(id)}:${versionOf(paths, record)}`;
    mapped.push({ id, idempotencyKey: key, op: 'upsert', data: result.value });
  }
  return { mapped, skipped, lastId };
}

/** Counts a retry, logs it, and shows a rate-limited wait as such. */
async function noteRetry(job: ImportJob, what: string, info: RetryInfo): Promise<void> {
  const now = job.http.clock.now();
  const limited = info.error.class === 'rate-limited';
  if (limited) job.limiter.blockUntil(now + info.delayMs);
  await job.tracker.update(
    (run) => ({
      counters: { ...run.counters, retries: run.counters.retries + 1 },
      ...(limited ? { status: 'rate-limited' as const, resumesAt: now + info.delayMs } : {}),
    }),
    { level: 'warn', message: `${what}: ${info.error.message} Retry ${info.retry} in ${(info.delayMs / 1000).toFixed(1)} s.` },
  );
}

/** Back to `running` after a rate-limited wait. */
async function resumeRunning(job: ImportJob): Promise<void> {
  if (job.tracker.run.status !== 'rate-limited') return;
  await job.tracker.update(() => ({ status: 'running', resumesAt: undefined }));
}

/** Waits for the connection's next request slot under the app's published limit. */
async function pace(job: ImportJob): Promise<void> {
  const now = job.http.clock.now();
  const wait = job.limiter.reserve(now);
  if (wait <= 0) return;
  if (wait >= SHOW_RATE_LIMIT_MS) {
    await job.tracker.update(() => ({ status: 'rate-limited', resumesAt: now + wait }), {
      level: 'info',
      message: `Keeping under ${job.connector.name}'s rate limit: waiting ${(wait / 1000).toFixed(1)} s.`,
    });
  }
  await sleep(job.http.clock, wait, job.signal);
}

async function request(job: ImportJob, state: PageState): Promise<AppResponse> {
  const list = job.collection.list;
  const params = pageRequest(list, state);
  await pace(job);
  await resumeRunning(job);
  try {
    const response = await requestApp(job.http, {
      connector: job.connector,
      credentials: job.credentials,
      path: list.path,
      ...(params.url !== undefined ? { url: params.url } : {}),
      ...(list.method ? { method: list.method } : {}),
      query: params.query,
      headers: params.headers,
      ...(params.body ? { body: params.body } : {}),
      signal: job.signal,
    });
    // Where the app publishes no limit of its own, its "quota spent" headers are the only pacing there is.
    // Where it does, pacing keeps under it; whole-second reset headers would only slow it down.
    if (!job.connector.rateLimit) {
      const wait = retryAfterMs(response.headers, job.http.clock.now());
      if (wait !== undefined) job.limiter.blockUntil(job.http.clock.now() + wait);
    }
    return response;
  } catch (thrown) {
    const error = toTributaryError(thrown);
    if (error.code !== 'source.bad-json') throw error;
    // A body cut short is most often the connection, not the app: retried, and named if it persists.
    throw new TributaryError({ ...error.toJSON(), message: `Page ${state.page}: ${error.message}`, class: 'transient' }, { cause: error });
  }
}

/** Fetches, parses and maps one page, retrying what is worth retrying. */
async function fetchPage(job: ImportJob, paths: RecordPaths, state: PageState): Promise<Page> {
  const response = await retrying(() => request(job, state), {
    policy: job.retry,
    clock: job.http.clock,
    random: job.random,
    signal: job.signal,
    onRetry: (info) => noteRetry(job, `Page ${state.page}`, info),
  }).catch((thrown: unknown) => {
    const error = toTributaryError(thrown);
    // A page that stayed unreadable through every retry is the app's data, not a passing fault.
    if (error.code === 'source.bad-json') throw new TributaryError({ ...error.toJSON(), class: 'source-data' }, { cause: error });
    throw thrown;
  });
  const records = recordsOf(job, response.body, state.page);
  const { mapped, skipped, lastId } = mapRecords(job, paths, records, state.page);
  const next = nextPage(job.collection.list, state, response, records, lastId);
  return { number: state.page, records: records.length, bytes: response.bytes, mapped, skipped, next };
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
        try {
          await job.destination({ runId: job.tracker.run.id, dataSource: job.dataSource, records: page.mapped }, { signal: job.signal });
        } catch (thrown) {
          // A destination signals "try again" with a transient TributaryError; anything else is a refusal.
          if (thrown instanceof TributaryError || job.signal.aborted) throw thrown;
          throw new TributaryError(
            { code: 'destination.failed', class: 'destination', message: `The destination did not accept ${page.mapped.length} records: ${thrown instanceof Error ? thrown.message : String(thrown)}` },
            { cause: thrown },
          );
        }
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
  const paths = recordPaths(job);
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
    const change = (current: RunSnapshot): Partial<RunSnapshot> => ({
      counters: {
        ...current.counters,
        pages: current.counters.pages + 1,
        fetched: current.counters.fetched + page.records,
        delivered: current.counters.delivered + page.mapped.length - deadLettered,
        skipped: current.counters.skipped + page.skipped.length,
        bytes: current.counters.bytes + page.bytes,
        deadLettered: current.counters.deadLettered + deadLettered,
      },
      skipped: RunTracker.withSkipped(current, page.skipped),
    });
    const run =
      page.skipped.length > 0
        ? await tracker.update(change, { level: 'warn', message: `Page ${page.number}: skipped ${page.skipped.length} records that could not be mapped.` })
        : await tracker.progress(change);
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

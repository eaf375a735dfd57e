import type { CollectionDefinition, ConnectorDefinition, Credentials } from '../connectors/connector.types.ts';
import type { DeliveredRecord, Destination } from '../delivery/delivery.types.ts';
import type { ResolvedDataSource, SkippedRecord } from '../engine.types.ts';
import { TributaryError } from '../errors.ts';
import { requestApp, type HttpContext } from '../http/appRequest.ts';
import type { CompiledMapping } from '../mapping/mapping.types.ts';
import { nextCursor, pageParams } from '../pagination/pagination.ts';
import type { Store } from '../store/store.types.ts';
import { hashString, stableStringify } from '../util/hash.ts';
import { getAt, getPath, parsePath, type PathSegment } from '../util/path.ts';
import { RunTracker } from './runTracker.ts';

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
}

interface MappedPage {
  records: DeliveredRecord[];
  skipped: SkippedRecord[];
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

/** The per-record paths, parsed once per run rather than once per record. */
interface RecordPaths {
  id: PathSegment[];
  updatedAt: PathSegment[] | undefined;
}

function recordPaths(job: ImportJob): RecordPaths {
  const { idPath, updatedAtPath } = job.collection.list;
  // The connector was validated, so these parse.
  return { id: parsePath(idPath) ?? [], updatedAt: updatedAtPath ? parsePath(updatedAtPath) : undefined };
}

function versionOf(paths: RecordPaths, record: unknown): string {
  const updatedAt = paths.updatedAt ? getAt(record, paths.updatedAt) : undefined;
  if (typeof updatedAt === 'string' || typeof updatedAt === 'number') return `u${updatedAt}`;
  return `h${hashString(stableStringify(record))}`;
}

function mapPage(job: ImportJob, paths: RecordPaths, records: unknown[], pageNumber: number): MappedPage {
  const { idPath } = job.collection.list;
  const { connectionId, collection } = job.dataSource;
  const page: MappedPage = { records: [], skipped: [] };
  records.forEach((record, index) => {
    const rawId = getAt(record, paths.id);
    if ((typeof rawId !== 'string' || rawId === '') && typeof rawId !== 'number') {
      throw new TributaryError({
        code: 'source.record-without-id',
        class: 'source-data',
        message: `Page ${pageNumber}, record ${index + 1}: no id at "${idPath}".`,
      });
    }
    const id = String(rawId);
    const result = job.mapping(record);
    if (!result.ok) {
      page.skipped.push({
        recordId: id,
        reason: result.errors.map((error) => `${error.field} ${error.message}`).join('; '),
        errors: result.errors,
      });
      return;
    }
    const key = [connectionId, collection, id, versionOf(paths, record)].map(encodeURIComponent).join(':');
    page.records.push({ id, idempotencyKey: key, op: 'upsert', data: result.value });
  });
  return page;
}

async function deliver(job: ImportJob, page: MappedPage): Promise<void> {
  if (page.records.length === 0) return;
  try {
    await job.destination(
      { runId: job.tracker.run.id, dataSource: job.dataSource, records: page.records },
      { signal: job.signal },
    );
  } catch (error) {
    if (job.signal.aborted) throw job.signal.reason;
    throw new TributaryError(
      {
        code: 'destination.failed',
        class: 'destination',
        message: `The destination did not accept ${page.records.length} records: ${error instanceof Error ? error.message : String(error)}`,
      },
      { cause: error },
    );
  }
}

/**
 * Pages through the collection: fetch, map, deliver, then checkpoint. The
 * checkpoint moves only after the destination acknowledged the page.
 */
export async function runImport(job: ImportJob): Promise<void> {
  const { tracker, store, signal } = job;
  const runId = tracker.run.id;
  const checkpoint = await store.getCheckpoint(runId);
  let cursor = checkpoint?.cursor;
  let pageNumber = (checkpoint?.pages ?? 0) + 1;
  const paths = recordPaths(job);

  for (;;) {
    signal.throwIfAborted();
    const params = pageParams(job.collection.list, cursor);
    const response = await requestApp(job.http, {
      connector: job.connector,
      credentials: job.credentials,
      path: job.collection.list.path,
      query: params.query,
      headers: params.headers,
      signal,
    });
    const records = recordsOf(job, response.body, pageNumber);
    const page = mapPage(job, paths, records, pageNumber);
    const next = nextCursor(job.collection.list, response, records.length, cursor, pageNumber);

    await deliver(job, page);
    signal.throwIfAborted();
    const run = await tracker.update(
      (current) => ({
        counters: {
          pages: current.counters.pages + 1,
          fetched: current.counters.fetched + records.length,
          delivered: current.counters.delivered + page.records.length,
          skipped: current.counters.skipped + page.skipped.length,
        },
        skipped: RunTracker.withSkipped(current, page.skipped),
      }),
      page.skipped.length > 0
        ? { level: 'warn', message: `Page ${pageNumber}: skipped ${page.skipped.length} records that could not be mapped.` }
        : undefined,
    );
    await store.putCheckpoint({
      runId,
      ...(next !== undefined ? { cursor: next } : {}),
      pages: run.counters.pages,
      delivered: run.counters.delivered,
      updatedAt: job.http.clock.now(),
    });
    if (next === undefined) return;
    cursor = next;
    pageNumber += 1;
  }
}

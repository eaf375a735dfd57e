import type { Clock } from '../clock.ts';
import type { CollectionDefinition, ConnectorDefinition, Credentials } from '../connectors/connector.types.ts';
import type { Destination } from '../delivery/delivery.types.ts';
import type { Connection, ResolvedDataSource, RunSnapshot } from '../engine.types.ts';
import { TributaryError, toTributaryError } from '../errors.ts';
import type { HttpContext } from '../http/appRequest.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import type { RetryPolicy } from '../http/retry.ts';
import type { CompiledMapping } from '../mapping/mapping.types.ts';
import type { CredentialSource } from '../oauth/credentialSource.ts';
import { firstPage, nextPage } from '../pagination/pagination.ts';
import { callApp, type CallContext } from '../runs/appCall.ts';
import { idOf, listRequest, recordPaths, recordsOf } from '../runs/importRun.ts';
import type { RunTracker } from '../runs/runTracker.ts';
import type { Store } from '../store/store.types.ts';
import { getPath } from '../util/path.ts';
import type { FlowState, FlowSummary, QueuedEvent } from './flow.types.ts';
import { flowRunFor, runFlowEvent, type FlowJob } from './flowRun.ts';
import { judge, rankOf, versionKey } from './versions.ts';
import { DEFAULT_TOLERANCE_SECONDS, parseDelivery, replayed, verifyDelivery } from './webhookIntake.ts';

/** Events taken from the queue at a time; acknowledged together once their runs are done. */
const BATCH = 200;
/** Records of one batch processed at once (each holds a listener on the engine's abort signal); one record's events always one after another. */
const CONCURRENCY = 8;
export const DEFAULT_POLL_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_SCAN_INTERVAL_MS = 60 * 60_000;
/** App event ids are remembered this long, to refuse a delivery sent again. */
const SEEN_RETENTION_MS = 24 * 60 * 60_000;

export interface FlowDeps {
  store: Store;
  clock: Clock;
  http: HttpContext;
  retry: RetryPolicy;
  random: () => number;
  destination: Destination;
  generateId: () => string;
  /** A tracker that writes and announces a run. */
  track: (run: RunSnapshot) => RunTracker;
  connectorOf: (appId: string) => ConnectorDefinition;
  limiterOf: (connectionId: string, connector: ConnectorDefinition) => RateLimiter;
  /** The data source's compiled mapping; throws when it cannot be compiled. */
  mappingOf: (connector: ConnectorDefinition, dataSource: ResolvedDataSource) => Promise<CompiledMapping>;
  /** Whether a full import of the data source is in progress: its flow waits meanwhile. */
  importActive: (dataSource: ResolvedDataSource) => boolean;
  /** Starts a full import of the data source (a periodic re-sync). */
  startImport: (dataSource: ResolvedDataSource) => Promise<unknown>;
  /** Finished flow runs kept per data source and outcome (succeeded; failed or cancelled). */
  runHistory: number;
  /** Told which runs were pruned. */
  onRunsRemoved: (runIds: string[]) => void;
  /** The connection's credentials, kept fresh (see CredentialSource); throws when it has none. */
  credentialsOf: (connection: Connection, connector: ConnectorDefinition) => Promise<CredentialSource>;
  /** The app refused the connection's credentials. */
  onAuthFailure: (connectionId: string, error: TributaryError) => Promise<void>;
}

const keyOf = (connectionId: string, collection: string) => `${connectionId}\u0000${collection}`;

function dataSourceOf(state: FlowState): ResolvedDataSource {
  return { connectionId: state.connectionId, collection: state.collection, ...(state.dataModel ? { dataModel: state.dataModel } : {}) };
}

function intervalOf(collection: CollectionDefinition): number | undefined {
  const events = collection.events;
  if (events?.type === 'polling') return events.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  if (events?.type === 'full-scan') return events.intervalMs ?? DEFAULT_SCAN_INTERVAL_MS;
  return undefined;
}

function formatSince(at: number, format: 'iso' | 'epoch-seconds' | 'epoch-ms'): string | number {
  switch (format) {
    case 'iso':
      return new Date(at).toISOString();
    case 'epoch-seconds':
      // Rounded down, so the second the cursor falls in is asked for again rather than missed.
      return Math.floor(at / 1000);
    case 'epoch-ms':
      return at;
    default:
      return format satisfies never;
  }
}

function isDeleted(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 0;
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Duplicate events for one record version become one run: the same type and
 * version anywhere in the batch, or the same type without a version back to back.
 */
function coalesce(events: readonly QueuedEvent[]): { event: QueuedEvent; count: number }[] {
  const kept: { event: QueuedEvent; count: number }[] = [];
  const byVersion = new Map<string, { event: QueuedEvent; count: number }>();
  for (const event of events) {
    const last = kept.at(-1);
    if (event.version === undefined) {
      if (last && last.event.version === undefined && last.event.type === event.type && event.origin !== 'retry') last.count += 1;
      else kept.push({ event, count: 1 });
      continue;
    }
    const key = `${event.type}\u0000${typeof event.version}\u0000${event.version}`;
    const same = byVersion.get(key);
    if (same && event.origin !== 'retry') {
      same.count += 1;
      continue;
    }
    const entry = { event, count: 1 };
    byVersion.set(key, entry);
    kept.push(entry);
  }
  return kept;
}

/**
 * The incremental side of every data source: receives and queues change
 * events (webhooks, polls, scans), and drains each data source's queue into
 * flow runs, one record's events in order.
 */
export class FlowManager {
  readonly #deps: FlowDeps;
  readonly #controller = new AbortController();
  readonly #timers = new Map<string, unknown>();
  readonly #draining = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #ticking = new Map<string, Promise<void>>();

  constructor(deps: FlowDeps) {
    this.#deps = deps;
  }

  /** Picks up where a previous process left off: schedules polls and drains what is queued. */
  async start(): Promise<void> {
    for (const state of await this.#deps.store.listFlowStates()) {
      if (state.status !== 'active') continue;
      this.#schedule(state);
      this.kick(state.connectionId, state.collection);
    }
  }

  /** The collection's definition, if the data source has change events. */
  async #eventful(dataSource: ResolvedDataSource): Promise<{ connection: Connection; connector: ConnectorDefinition; collection: CollectionDefinition } | undefined> {
    const connection = await this.#deps.store.getConnection(dataSource.connectionId);
    if (!connection) return undefined;
    const connector = this.#deps.connectorOf(connection.appId);
    const collection = Object.hasOwn(connector.collections, dataSource.collection) ? connector.collections[dataSource.collection] : undefined;
    return collection?.events ? { connection, connector, collection } : undefined;
  }

  /** An import of a data source with change events began: its flow exists from now, and waits for the import to succeed. */
  async importStarted(run: RunSnapshot): Promise<void> {
    const found = await this.#eventful(run.dataSource);
    if (!found?.collection.events) return;
    const { store, clock } = this.#deps;
    const { connectionId, collection, dataModel } = run.dataSource;
    const state = await store.getFlowState(connectionId, collection);
    if (state?.status === 'active') return;
    await store.putFlowState({
      connectionId,
      collection,
      ...(dataModel ? { dataModel } : {}),
      source: found.collection.events.type,
      status: 'waiting',
      // The run's creation, not its start: polling from the earlier moment misses nothing.
      importStartedAt: run.createdAt,
      importRunId: run.id,
      updatedAt: clock.now(),
    });
  }

  /** An import ended: a success starts a waiting flow; either way the queue may go on. */
  async importFinished(run: RunSnapshot): Promise<void> {
    const found = await this.#eventful(run.dataSource);
    if (!found?.collection.events) return;
    const { store, clock } = this.#deps;
    const { connectionId, collection } = run.dataSource;
    const state = await store.getFlowState(connectionId, collection);
    if (!state) return;
    if (run.status === 'succeeded') {
      const now = clock.now();
      const events = found.collection.events;
      const next: FlowState = { ...state, updatedAt: now };
      if (state.status === 'waiting') {
        next.status = 'active';
        next.activatedAt = now;
        // The first poll asks for everything changed since the import began; a scan's baseline is the import itself.
        if (events.type === 'polling') Object.assign(next, { pollCursor: state.importStartedAt, nextPollAt: now });
        if (events.type === 'full-scan') next.nextPollAt = now + (intervalOf(found.collection) ?? DEFAULT_SCAN_INTERVAL_MS);
      }
      if (events.resyncIntervalMs !== undefined) next.nextFullSyncAt = now + events.resyncIntervalMs;
      await store.putFlowState(next);
      this.#schedule(next);
    }
    this.kick(connectionId, collection);
  }

  /** Stops the timers of a connection that is going away. */
  forgetConnection(connectionId: string): void {
    for (const [key, timer] of this.#timers) {
      if (!key.startsWith(`${connectionId}\u0000`)) continue;
      this.#deps.clock.clearTimeout(timer);
      this.#timers.delete(key);
    }
  }

  async dispose(): Promise<void> {
    this.#controller.abort(new TributaryError({ code: 'engine.disposed', class: 'internal', message: 'The engine was disposed.' }));
    for (const timer of this.#timers.values()) this.#deps.clock.clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#draining.values(), ...this.#ticking.values()]);
  }

  // Webhooks

  async #secretOf(connection: Connection, connector: ConnectorDefinition): Promise<string | undefined> {
    const source = connector.webhooks?.secret;
    if (!source) return undefined;
    if (source.from === 'generated') return this.#deps.store.getWebhookSecret(connection.id);
    const credentials: Credentials | undefined = await this.#deps.store.getCredentials(connection.id);
    if (source.field === 'apiKey' && credentials?.type === 'api-key') return credentials.apiKey;
    if (source.field === 'password' && credentials?.type === 'basic') return credentials.password;
    return undefined;
  }

  /** Makes a new webhook secret for the connection and returns it, this once. */
  async rotateWebhookSecret(connection: Connection, connector: ConnectorDefinition): Promise<{ secret: string }> {
    const source = connector.webhooks?.secret;
    if (source?.from !== 'generated') {
      throw new TributaryError({
        code: 'webhook.secret-not-generated',
        class: 'config',
        message: source ? `${connector.name} signs its webhooks with the connection's credentials; there is no secret to generate.` : `${connector.name} sends no webhooks.`,
      });
    }
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const secret = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    await this.#deps.store.putWebhookSecret(connection.id, secret);
    return { secret };
  }

  /**
   * Verifies a delivery, reads its events and queues those of data sources
   * with a flow; resolves once they are in the store, so a crash loses none.
   * A delivery that fails any check queues nothing.
   */
  async receiveWebhook(connection: Connection, connector: ConnectorDefinition, input: { headers: Record<string, string>; body: string }): Promise<{ accepted: number }> {
    const { store, clock, generateId } = this.#deps;
    const intake = connector.webhooks;
    if (!intake) throw new TributaryError({ code: 'webhook.unsupported', class: 'config', message: `${connector.name} sends no webhooks.` });
    const secret = await this.#secretOf(connection, connector);
    if (secret === undefined || secret === '') {
      throw new TributaryError({ code: 'webhook.bad-signature', class: 'auth', message: `No webhook secret is set for this connection to ${connector.name} yet, so no delivery can be verified.` });
    }
    const now = clock.now();
    await verifyDelivery(intake, secret, input.headers, input.body, now);
    const collections = Object.entries(connector.collections).filter(([, collection]) => collection.events?.type === 'webhook');
    const parsed = parseDelivery(input.body, collections);

    const tolerance = (intake.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
    const old = parsed.find((event) => event.occurredAt !== undefined && now - event.occurredAt > tolerance);
    if (old?.occurredAt !== undefined) {
      throw replayed(`An event of the delivery happened ${Math.round((now - old.occurredAt) / 1000)} s ago, outside the ${tolerance / 1000} s tolerance.`);
    }
    const eventIds = [...new Set(parsed.flatMap((event) => (event.sourceEventId !== undefined ? [event.sourceEventId] : [])))];
    const seen = eventIds.length > 0 ? await store.getSeenEventIds(connection.id, eventIds) : [];
    if (seen.length > 0) throw replayed(`The delivery repeats ${seen.length} event${seen.length > 1 ? 's' : ''} already received.`);

    const flows = new Map<string, boolean>();
    for (const [key] of collections) flows.set(key, (await store.getFlowState(connection.id, key)) !== undefined);
    const queued: QueuedEvent[] = parsed
      .filter((event) => flows.get(event.collection))
      .map((event) => ({
        id: generateId(),
        connectionId: connection.id,
        collection: event.collection,
        type: event.type,
        recordId: event.recordId,
        ...(event.version !== undefined ? { version: event.version } : {}),
        ...(event.sourceEventId !== undefined ? { sourceEventId: event.sourceEventId } : {}),
        origin: 'webhook',
        runId: generateId(),
        receivedAt: now,
      }));
    if (queued.length > 0) await store.enqueueEvents(queued);
    // Remembered only once queued: a crash in between lets the app's retry through, and duplicates coalesce.
    if (eventIds.length > 0) await store.putSeenEventIds(connection.id, eventIds, now, now - Math.max(SEEN_RETENTION_MS, tolerance));
    for (const collection of new Set(queued.map((event) => event.collection))) this.kick(connection.id, collection);
    return { accepted: queued.length };
  }

  // Flow runs

  /** Queues a failed flow run's event again; the run goes on when its turn comes. */
  async retryRun(run: RunSnapshot): Promise<RunSnapshot> {
    const { store, clock, generateId } = this.#deps;
    if (run.kind !== 'flow' || !run.flow) {
      throw new TributaryError({ code: 'run.not-a-flow', class: 'config', message: 'Only a flow run can be retried this way; resume or restart an import.' });
    }
    if (run.status !== 'failed' && run.status !== 'cancelled') {
      throw new TributaryError({ code: 'run.not-failed', class: 'config', message: `The flow run is ${run.status}; only a failed or cancelled one can be retried.` });
    }
    const found = await this.#eventful(run.dataSource);
    if (!found) throw new TributaryError({ code: 'connection.not-found', class: 'config', message: `There is no connection "${run.dataSource.connectionId}".` });
    const { record, ...event } = run.flow.event;
    // Read afresh where the app can be asked by id; else the record the poll read is all there is.
    const retried: QueuedEvent = { ...event, ...(record !== undefined && !found.collection.get ? { record } : {}), id: generateId(), origin: 'retry', runId: run.id, receivedAt: clock.now() };
    await store.enqueueEvents([retried]);
    const queued = await this.#deps.track(run).update(() => ({ status: 'queued', finishedAt: undefined, error: undefined }), { level: 'info', message: 'Retrying.' });
    this.kick(run.dataSource.connectionId, run.dataSource.collection);
    return queued;
  }

  /** Drains a data source's queue, unless that is under way already (then it goes round once more). */
  kick(connectionId: string, collection: string): void {
    const key = keyOf(connectionId, collection);
    if (this.#controller.signal.aborted) return;
    if (this.#draining.has(key)) {
      this.#again.add(key);
      return;
    }
    const done = this.#drain(connectionId, collection)
      // A store failure leaves the events queued; the next kick or start goes on with them.
      .catch(() => undefined)
      .finally(() => {
        this.#draining.delete(key);
        if (this.#again.delete(key)) this.kick(connectionId, collection);
      });
    this.#draining.set(key, done);
  }

  /** What a call to the connection's app needs: its credentials, the engine's retry policy, its limiter. */
  async #callContext(connection: Connection, connector: ConnectorDefinition): Promise<CallContext> {
    return {
      http: this.#deps.http,
      connector,
      credentials: await this.#deps.credentialsOf(connection, connector),
      signal: this.#controller.signal,
      retry: this.#deps.retry,
      random: this.#deps.random,
      limiter: this.#deps.limiterOf(connection.id, connector),
    };
  }

  async #job(state: FlowState): Promise<FlowJob | undefined> {
    const dataSource = dataSourceOf(state);
    const found = await this.#eventful(dataSource);
    if (!found) return undefined;
    const { connection, connector, collection } = found;
    const context = await this.#callContext(connection, connector);
    let mapping: CompiledMapping | TributaryError;
    try {
      mapping = await this.#deps.mappingOf(connector, dataSource);
    } catch (thrown) {
      mapping = toTributaryError(thrown);
    }
    return {
      ...context,
      store: this.#deps.store,
      destination: this.#deps.destination,
      collection,
      dataSource,
      mapping,
      paths: recordPaths(collection.list, dataSource),
      track: this.#deps.track,
    };
  }

  async #drain(connectionId: string, collection: string): Promise<void> {
    const { store } = this.#deps;
    for (;;) {
      if (this.#controller.signal.aborted) return;
      const state = await store.getFlowState(connectionId, collection);
      if (state?.status !== 'active' || this.#deps.importActive(dataSourceOf(state))) return;
      const batch = await store.listQueuedEvents(connectionId, collection, BATCH);
      if (batch.length === 0) return;
      const job = await this.#job(state);
      if (!job) return;
      const byRecord = new Map<string, QueuedEvent[]>();
      for (const event of batch) {
        const list = byRecord.get(event.recordId);
        if (list) list.push(event);
        else byRecord.set(event.recordId, [event]);
      }
      await pool([...byRecord.values()], CONCURRENCY, async (events) => {
        for (const { event, count } of coalesce(events)) await this.#run(job, event, count);
      });
      if (this.#controller.signal.aborted) return;
      await store.ackEvents(batch.map((event) => event.id));
      // Once a batch, so history stays bounded however many events arrive.
      const pruned = [
        ...(await store.pruneFlowRuns(connectionId, collection, ['succeeded'], this.#deps.runHistory)),
        ...(await store.pruneFlowRuns(connectionId, collection, ['failed', 'cancelled'], this.#deps.runHistory)),
      ];
      if (pruned.length > 0) this.#deps.onRunsRemoved(pruned);
    }
  }

  async #run(job: FlowJob, event: QueuedEvent, count: number): Promise<void> {
    const { store, clock } = this.#deps;
    // A retry, or a run a crash cut short, goes on under its own id.
    const previous = await store.getRun(event.runId);
    const tracker = this.#deps.track(flowRunFor(event, job.dataSource, count, clock.now(), previous));
    const error = await runFlowEvent(job, tracker, event);
    if (error?.class === 'auth') await this.#deps.onAuthFailure(job.dataSource.connectionId, error);
  }

  // Polls, scans and re-syncs

  #schedule(state: FlowState): void {
    const key = keyOf(state.connectionId, state.collection);
    const { clock } = this.#deps;
    const previous = this.#timers.get(key);
    if (previous !== undefined) clock.clearTimeout(previous);
    this.#timers.delete(key);
    if (state.status !== 'active' || this.#controller.signal.aborted) return;
    const due = Math.min(state.nextPollAt ?? Infinity, state.nextFullSyncAt ?? Infinity);
    if (due === Infinity) return;
    this.#timers.set(key, clock.setTimeout(() => {
      this.#timers.delete(key);
      const tick = this.#tick(state.connectionId, state.collection)
        .catch(() => undefined)
        .finally(() => this.#ticking.delete(key));
      this.#ticking.set(key, tick);
    }, Math.max(0, due - clock.now())));
  }

  async #tick(connectionId: string, collection: string): Promise<void> {
    const { store, clock } = this.#deps;
    let state = await store.getFlowState(connectionId, collection);
    if (state?.status !== 'active') return;
    const dataSource = dataSourceOf(state);
    const found = await this.#eventful(dataSource);
    if (!found?.collection.events) return;
    const events = found.collection.events;
    const now = clock.now();
    if (state.nextFullSyncAt !== undefined && state.nextFullSyncAt <= now && events.resyncIntervalMs !== undefined) {
      state = { ...state, nextFullSyncAt: now + events.resyncIntervalMs, updatedAt: now };
      await store.putFlowState(state);
      if (!this.#deps.importActive(dataSource)) {
        const error = await this.#deps.startImport(dataSource).then(() => undefined, toTributaryError);
        if (error) {
          state = { ...state, error: error.toJSON() };
          await store.putFlowState(state);
        }
      }
    }
    const interval = intervalOf(found.collection);
    if (interval !== undefined && state.nextPollAt !== undefined && state.nextPollAt <= now) {
      if (this.#deps.importActive(dataSource)) {
        // A full import reads everything anyway; the next poll or scan comes after it.
        state = { ...state, nextPollAt: now + interval, updatedAt: now };
        await store.putFlowState(state);
      } else {
        await this.#pollOrScan(found.connection, found.connector, found.collection, state);
      }
    }
    const latest = await store.getFlowState(connectionId, collection);
    if (latest) this.#schedule(latest);
  }

  /**
   * Reads the collection (changed records only, when polling), queues an event
   * for each record newer than what the host has, and, after a full scan that
   * finished, a delete for each record the scan no longer saw.
   */
  async #pollOrScan(connection: Connection, connector: ConnectorDefinition, collection: CollectionDefinition, state: FlowState): Promise<void> {
    const { store, clock, generateId } = this.#deps;
    const events = collection.events;
    const interval = intervalOf(collection) ?? DEFAULT_POLL_INTERVAL_MS;
    const startedAt = clock.now();
    const dataSource = dataSourceOf(state);
    const { connectionId } = dataSource;
    const list = collection.list;
    const paths = recordPaths(list, dataSource);
    const seen = new Set<string>();
    const polling = events?.type === 'polling' ? events : undefined;
    const since = state.pollCursor ?? state.importStartedAt;
    let outcome: Partial<FlowState>;
    try {
      const context = await this.#callContext(connection, connector);
      const filter = polling ? { in: polling.since.in ?? 'query', name: polling.since.param, value: formatSince(since, polling.since.format) } : undefined;
      for (let page: ReturnType<typeof nextPage> = firstPage(list.pagination); page; ) {
        const what = `${polling ? 'Poll' : 'Scan'} page ${page.page}`;
        const response = await callApp(context, listRequest(list, page, filter), what);
        const records = recordsOf(connector, list, response.body, page.page);
        const ids = records.map((record, index) => {
          const id = idOf(paths, record);
          if (id === undefined) throw new TributaryError({ code: 'source.record-without-id', class: 'source-data', message: `${what}, record ${index + 1}: no id at "${list.idPath}".` });
          return id;
        });
        const known = new Map((await store.getRecordVersions(connectionId, state.collection, ids)).map((version) => [version.recordId, version]));
        const queued: QueuedEvent[] = [];
        records.forEach((record, index) => {
          const recordId = ids[index] as string;
          seen.add(recordId);
          const updatedAt = paths.updatedAt?.(record);
          const stored = known.get(recordId);
          const deleted = polling?.deletedPath !== undefined && isDeleted(getPath(record, polling.deletedPath));
          const type = deleted ? 'record-deleted' : stored && !stored.deleted ? 'record-updated' : 'record-created';
          if (judge(stored, type, deleted ? undefined : versionKey(updatedAt, record), rankOf(updatedAt))) return;
          queued.push({
            id: generateId(),
            connectionId,
            collection: state.collection,
            type,
            recordId,
            ...(typeof updatedAt === 'string' || typeof updatedAt === 'number' ? { version: updatedAt } : {}),
            ...(deleted ? {} : { record }),
            origin: polling ? 'polling' : 'full-scan',
            runId: generateId(),
            receivedAt: clock.now(),
          });
        });
        if (queued.length > 0) {
          await store.enqueueEvents(queued);
          this.kick(connectionId, state.collection);
        }
        page = nextPage(list, page, response, records, ids.at(-1));
      }
      if (!polling) {
        // Only a scan that read every page can say what is gone.
        const gone = (await store.listRecordVersions(connectionId, state.collection)).filter((version) => !version.deleted && !seen.has(version.recordId));
        if (gone.length > 0) {
          await store.enqueueEvents(gone.map((version) => ({
            id: generateId(),
            connectionId,
            collection: state.collection,
            type: 'record-deleted' as const,
            recordId: version.recordId,
            origin: 'full-scan' as const,
            runId: generateId(),
            receivedAt: clock.now(),
          })));
          this.kick(connectionId, state.collection);
        }
      }
      const now = clock.now();
      outcome = polling
        ? { pollCursor: startedAt, lastPollAt: now, nextPollAt: now + interval, error: undefined }
        : { lastPollAt: now, lastScanAt: now, lastScanCount: seen.size, nextPollAt: now + interval, error: undefined };
    } catch (thrown) {
      if (this.#controller.signal.aborted) throw thrown;
      const error = toTributaryError(thrown);
      if (error.class === 'auth') await this.#deps.onAuthFailure(connectionId, error);
      outcome = { lastPollAt: clock.now(), nextPollAt: clock.now() + interval, error: error.toJSON() };
    }
    // Read again: an import may have changed the state meanwhile.
    const latest = (await store.getFlowState(connectionId, state.collection)) ?? state;
    const next: FlowState = { ...latest, ...outcome, updatedAt: clock.now() };
    if (next.error === undefined) delete next.error;
    await store.putFlowState(next);
  }

  /** What the flow of a data source is doing. */
  async summary(dataSource: ResolvedDataSource, connector: ConnectorDefinition, collection: CollectionDefinition): Promise<FlowSummary> {
    const events = collection.events;
    if (!events) {
      throw new TributaryError({ code: 'flow.unsupported', class: 'config', message: `${connector.name}'s ${collection.name} has no change events to keep an import up to date.` });
    }
    const { store } = this.#deps;
    const state = await store.getFlowState(dataSource.connectionId, dataSource.collection);
    const interval = intervalOf(collection);
    const secret = connector.webhooks?.secret.from;
    const webhook = events.type === 'webhook' && secret
      ? { secret, ready: secret === 'credential' || (await store.getWebhookSecret(dataSource.connectionId)) !== undefined }
      : undefined;
    const { connectionId: _connection, collection: _collection, dataModel: _model, source: _source, status: _status, importRunId: _run, updatedAt: _updated, ...progress } = state ?? ({} as Partial<FlowState>);
    return {
      dataSource,
      source: events.type,
      status: state?.status ?? 'inactive',
      queueDepth: await store.countQueuedEvents(dataSource.connectionId, dataSource.collection),
      ...(interval !== undefined ? { intervalMs: interval } : {}),
      ...(webhook ? { webhook } : {}),
      ...progress,
    };
  }
}

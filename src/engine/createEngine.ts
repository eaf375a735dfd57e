import * as z from 'zod/mini';
import { systemClock, type Clock } from './clock.ts';
import type { AuthScheme, CollectionDefinition, ConnectorDefinition, Credentials } from './connectors/connector.types.ts';
import { fieldMappingSchema } from './connectors/connector.schema.ts';
import { validateConnector } from './connectors/validateConnector.ts';
import type { Destination } from './delivery/delivery.types.ts';
import type {
  AppSummary,
  CollectionsListing,
  Connection,
  CredentialField,
  DataSourceRef,
  Engine,
  EngineEvent,
  FieldMappingState,
  ResolvedDataSource,
  RunSnapshot,
} from './engine.types.ts';
import { TributaryError, toTributaryError, type ValidationIssue } from './errors.ts';
import { requestApp, type HttpContext } from './http/appRequest.ts';
import { RateLimiter } from './http/rateLimiter.ts';
import { defaultRetryPolicy, retrying, type RetryPolicy } from './http/retry.ts';
import { compileMapping } from './mapping/compileMapping.ts';
import type { CompiledMapping, FieldMapping, TargetSchema } from './mapping/mapping.types.ts';
import { previewRows } from './mapping/preview.ts';
import { suggestFields } from './mapping/suggest.ts';
import { checkMapping, checkMappingAgainst } from './mapping/validateMapping.ts';
import { dataModels } from './models/dataModels.ts';
import { FlowManager } from './flows/flowManager.ts';
import { createTokenRefresher, credentialSource, type CredentialSource } from './oauth/credentialSource.ts';
import type { OAuthClients } from './oauth/oauth.types.ts';
import { beginSignIn, finishSignIn, type SignInDeps } from './oauth/signIn.ts';
import { runImport } from './runs/importRun.ts';
import { RunTracker } from './runs/runTracker.ts';
import { sampleRecords, sampleRetryPolicy } from './runs/samplePage.ts';
import { createMemoryStore } from './store/memoryStore.ts';
import type { Store } from './store/store.types.ts';
import { Emitter } from './util/emitter.ts';
import { invalidError, toValidationIssues } from './util/issues.ts';

/** The host's own target schema per data model key. */
export type TargetSchemas = Readonly<Record<string, TargetSchema>>;

/** The host's default mappings: per app id, then per data model key or collection key. */
export type DefaultMappings = Readonly<Record<string, Readonly<Record<string, FieldMapping>>>>;

export interface EngineOptions {
  /** The apps end users can connect; each is validated when the engine is created. */
  connectors: readonly ConnectorDefinition[];
  /** Where mapped records go. */
  destination: Destination;
  /** @default an in-memory store */
  store?: Store;
  /** The host's own schema per data model key; overrides the built-in data model's fields. */
  schemas?: TargetSchemas;
  /**
   * The host's default mappings, per app id, then per data model key or
   * collection key (the collection key wins when both are given). Used instead
   * of the app's own default; a mapping the tenant saved wins over both.
   * Validated when the engine is created.
   */
  defaultMappings?: DefaultMappings;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default the system clock */
  clock?: Clock;
  /** Makes ids for connections and runs. @default crypto.randomUUID */
  generateId?: () => string;
  /** Milliseconds before a request to an app is abandoned. @default 30000 */
  requestTimeoutMs?: number;
  /** How transient and rate-limited failures are retried, for app requests and deliveries alike. */
  retry?: Partial<RetryPolicy>;
  /** Randomness for backoff jitter, in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * Whether runs the store shows as in progress when the engine starts (a crash
   * or restart cut them off) resume from their checkpoints; otherwise they are marked failed.
   * @default true
   */
  resumeInterruptedRuns?: boolean;
  /**
   * A running import's progress (its counters) is written to the store and
   * announced at most this often; status changes and log entries go at once.
   * @default 100
   */
  progressIntervalMs?: number;
  /**
   * Finished flow runs kept per data source: the latest this many succeeded ones, and as many failed or
   * cancelled ones (a failed run stays retryable until newer failures push it out). @default 500
   */
  flowRunHistory?: number;
  /**
   * The host's OAuth client registration per app id, for apps that sign in with OAuth 2. A client
   * secret belongs only on a hosted engine (server-side); it is sent to the token endpoint, never returned.
   * @default {} (no OAuth app can be connected)
   */
  oauthClients?: OAuthClients;
}

const credentialsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('api-key'), apiKey: z.string().check(z.trim(), z.minLength(1, 'is required')) }),
  z.object({
    type: z.literal('basic'),
    username: z.string().check(z.trim(), z.minLength(1, 'is required')),
    password: z.string().check(z.minLength(1, 'is required')),
  }),
  z.object({
    type: z.literal('oauth2'),
    accessToken: z.string().check(z.minLength(1, 'is required')),
    refreshToken: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
    expiresAt: z.optional(z.number().check(z.positive())),
  }),
]);

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
  connectionId: string;
  tracker: RunTracker;
}

/** Statuses of a run still at work; a finished run may linger in `active` for a tick. */
const ACTIVE: ReadonlySet<RunSnapshot['status']> = new Set(['queued', 'running', 'rate-limited']);

function credentialFields(auth: AuthScheme): CredentialField[] {
  switch (auth.type) {
    case 'api-key':
      return [{ name: 'apiKey', label: auth.label ?? 'API key', secret: true }];
    case 'basic':
      return [
        { name: 'username', label: auth.usernameLabel ?? 'Username', secret: false },
        { name: 'password', label: auth.passwordLabel ?? 'Password', secret: true },
      ];
    case 'oauth2':
      return [];
    default:
      return auth satisfies never;
  }
}

function summarize(connector: ConnectorDefinition): AppSummary {
  return {
    id: connector.id,
    name: connector.name,
    description: connector.description ?? '',
    categories: connector.categories ?? [],
    ...(connector.color ? { color: connector.color } : {}),
    auth: {
      type: connector.auth.type,
      ...(connector.auth.helpText ? { helpText: connector.auth.helpText } : {}),
      fields: credentialFields(connector.auth),
    },
    collections: Object.entries(connector.collections).map(([key, collection]) => ({
      key,
      name: collection.name,
      ...(collection.dataModel ? { dataModel: collection.dataModel } : {}),
    })),
  };
}

function notFound(code: string, message: string): TributaryError {
  return new TributaryError({ code, class: 'config', message });
}

/** Sample records the suggestions read their value shapes from. */
const SUGGEST_SAMPLES = 20;
const PREVIEW_LIMIT = { default: 5, max: 20 };

/** A preview's record count: a whole number from 1 to the maximum; anything else is the default. */
function previewLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return PREVIEW_LIMIT.default;
  return Math.min(PREVIEW_LIMIT.max, Math.max(1, Math.floor(limit)));
}

/** Problems in the host's default mappings: unknown apps and collections, malformed mappings. */
function defaultMappingIssues(defaults: DefaultMappings, connectors: ReadonlyMap<string, ConnectorDefinition>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [appId, byKey] of Object.entries(defaults)) {
    const connector = connectors.get(appId);
    if (!connector) {
      issues.push({ path: `defaultMappings.${appId}`, message: 'is not the id of a connector' });
      continue;
    }
    const collections = Object.entries(connector.collections);
    for (const [key, mapping] of Object.entries(byKey)) {
      const at = `defaultMappings.${appId}.${key}`;
      if (!collections.some(([name, collection]) => name === key || collection.dataModel === key)) {
        issues.push({ path: at, message: `is neither a collection nor a data model of ${connector.name}` });
        continue;
      }
      const parsed = fieldMappingSchema.safeParse(mapping);
      issues.push(...(parsed.success ? checkMapping(parsed.data as FieldMapping, at) : toValidationIssues(parsed.error.issues, ['defaultMappings', appId, key])));
    }
  }
  return issues;
}

/** Creates the headless engine: apps, connections, mappings and import runs. */
export function createEngine(options: EngineOptions): Engine {
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? systemClock;
  const generateId = options.generateId ?? (() => crypto.randomUUID());
  const http: HttpContext = {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock,
    timeoutMs: options.requestTimeoutMs ?? 30_000,
  };
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const random = options.random ?? Math.random;
  const limiters = new Map<string, RateLimiter>();
  const events = new Emitter<EngineEvent>();
  /** Runs in progress, by id. */
  const active = new Map<string, ActiveRun>();

  const connectors = new Map<string, ConnectorDefinition>();
  for (const definition of options.connectors) {
    const connector = validateConnector(definition);
    if (connectors.has(connector.id)) {
      throw new TributaryError({ code: 'connector.duplicate', class: 'config', message: `Two connectors share the id "${connector.id}".` });
    }
    connectors.set(connector.id, connector);
  }
  const hostDefaults = options.defaultMappings ?? {};
  const defaultsIssues = defaultMappingIssues(hostDefaults, connectors);
  if (defaultsIssues.length > 0) throw invalidError('engine.invalid-default-mappings', 'The default mappings are invalid', defaultsIssues);

  function connectorOf(appId: string): ConnectorDefinition {
    const connector = connectors.get(appId);
    if (!connector) throw notFound('app.not-found', `There is no app "${appId}".`);
    return connector;
  }

  async function connectionOf(connectionId: string): Promise<{ connection: Connection; connector: ConnectorDefinition }> {
    const connection = await store.getConnection(connectionId);
    if (!connection) throw notFound('connection.not-found', `There is no connection "${connectionId}".`);
    return { connection, connector: connectorOf(connection.appId) };
  }

  /** Credentials in the shape the app's auth takes, accepted by the app itself, or a typed error; nothing is saved. */
  async function checkCredentials(connector: ConnectorDefinition, credentials: unknown): Promise<Credentials> {
    const parsed = credentialsSchema.safeParse(credentials);
    if (!parsed.success) {
      throw invalidError('credentials.invalid', 'Credentials are incomplete', toValidationIssues(parsed.error.issues, ['credentials']));
    }
    const checked = parsed.data as Credentials;
    const firstCollection = Object.values(connector.collections)[0];
    const testPath = connector.test?.path ?? firstCollection?.list.path;
    if (testPath) {
      const query = connector.test || !firstCollection ? {} : firstCollection.list.query;
      await requestApp(http, { connector, credentials: checked, path: testPath, ...(query ? { query } : {}) });
    }
    return checked;
  }

  const signIn: SignInDeps = { store, clock, http, clients: options.oauthClients ?? {}, connectorOf };
  const refreshCredentials = createTokenRefresher({ store, http, clients: signIn.clients });

  /** What every call to a connection's app authenticates with: its stored credentials, OAuth tokens refreshed as they expire. */
  async function credentialsOf(connection: Connection, connector: ConnectorDefinition): Promise<CredentialSource> {
    const credentials = await store.getCredentials(connection.id);
    if (!credentials) {
      throw new TributaryError({ code: 'auth.missing-credentials', class: 'auth', message: `The connection to ${connection.appName} has no credentials; reconnect it.` });
    }
    return credentialSource(credentials, () => clock.now(), (stale) => refreshCredentials(connection.id, connector, stale));
  }

  function resolve(connector: ConnectorDefinition, ref: DataSourceRef): { dataSource: ResolvedDataSource; collection: CollectionDefinition } {
    if (ref.collection !== undefined) {
      const collection = connector.collections[ref.collection];
      if (!collection || !Object.hasOwn(connector.collections, ref.collection)) {
        throw notFound('collection.not-found', `${connector.name} has no collection "${ref.collection}".`);
      }
      const dataModel = ref.dataModel ?? collection.dataModel;
      return { dataSource: { connectionId: ref.connectionId, collection: ref.collection, ...(dataModel ? { dataModel } : {}) }, collection };
    }
    if (ref.dataModel !== undefined) {
      const match = Object.entries(connector.collections).find(([, collection]) => collection.dataModel === ref.dataModel);
      if (!match) {
        throw notFound('data-model.unresolved', `${connector.name} has no collection for the "${ref.dataModel}" data model.`);
      }
      return { dataSource: { connectionId: ref.connectionId, collection: match[0], dataModel: ref.dataModel }, collection: match[1] };
    }
    throw new TributaryError({ code: 'data-source.invalid', class: 'config', message: 'A data source names a collection or a data model.' });
  }

  function targetOf(dataSource: ResolvedDataSource, collection: CollectionDefinition): TargetSchema {
    const model = dataSource.dataModel;
    if (model !== undefined) {
      const schema = (options.schemas && Object.hasOwn(options.schemas, model) ? options.schemas[model] : undefined)
        ?? dataModels.find((candidate) => candidate.key === model)?.schema;
      if (schema) return schema;
    }
    // A collection with no data model imports as it is: its own fields are the target.
    return {
      fields: collection.fields.map((field) => ({
        key: field.path,
        ...(field.label ? { label: field.label } : {}),
        type: field.type,
        ...(field.path === collection.list.idPath ? { required: true } : {}),
      })),
    };
  }

  /** The host's default for the data source, by collection key first, then by data model. */
  function hostDefault(connector: ConnectorDefinition, dataSource: ResolvedDataSource): FieldMapping | undefined {
    const byKey = Object.hasOwn(hostDefaults, connector.id) ? hostDefaults[connector.id] : undefined;
    if (!byKey) return undefined;
    for (const key of [dataSource.collection, dataSource.dataModel]) {
      if (key !== undefined && Object.hasOwn(byKey, key)) return byKey[key];
    }
    return undefined;
  }

  /** The host's default, else the app's, else same-named fields; only fields the target has. */
  function defaultMapping(connector: ConnectorDefinition, dataSource: ResolvedDataSource, collection: CollectionDefinition, target: TargetSchema): FieldMapping {
    const keys = new Set(target.fields.map((field) => field.key));
    const fields: FieldMapping['fields'] = {};
    const given = hostDefault(connector, dataSource) ?? collection.defaultMapping;
    if (given) {
      for (const [key, expression] of Object.entries(given.fields)) {
        if (keys.has(key)) fields[key] = expression;
      }
      if (given.onError) return { fields, onError: given.onError };
    } else {
      const sourcePaths = new Set(collection.fields.map((field) => field.path));
      for (const key of keys) if (sourcePaths.has(key)) fields[key] = { path: key };
    }
    return { fields };
  }

  async function mappingState(ref: DataSourceRef): Promise<FieldMappingState> {
    return mappingStateOf((await connectionOf(ref.connectionId)).connector, ref);
  }

  async function mappingStateOf(connector: ConnectorDefinition, ref: DataSourceRef): Promise<FieldMappingState> {
    const { dataSource, collection } = resolve(connector, ref);
    const target = targetOf(dataSource, collection);
    const stored = await store.getMapping(dataSource.connectionId, dataSource.collection);
    const fallback = defaultMapping(connector, dataSource, collection, target);
    return {
      dataSource,
      target,
      sourceFields: collection.fields,
      mapping: stored?.mapping ?? fallback,
      defaultMapping: fallback,
      isDefault: !stored,
      ...(stored ? { updatedAt: stored.updatedAt } : {}),
    };
  }

  /** The mapping, if valid against the target; otherwise every problem with its path. */
  function checkedMapping(mapping: unknown, target: TargetSchema): { mapping: FieldMapping; issues?: undefined } | { mapping?: undefined; issues: ValidationIssue[] } {
    const parsed = fieldMappingSchema.safeParse(mapping);
    const issues = parsed.success
      ? checkMappingAgainst(parsed.data as FieldMapping, target)
      : toValidationIssues(parsed.error.issues, ['mapping']);
    return issues.length > 0 ? { issues } : { mapping: parsed.data as FieldMapping };
  }

  function validMapping(mapping: unknown, target: TargetSchema): FieldMapping {
    const checked = checkedMapping(mapping, target);
    if (checked.issues) throw invalidError('mapping.invalid', 'The field mapping is invalid', checked.issues);
    return checked.mapping;
  }

  /**
   * Records of the collection's first page, read the way an import reads
   * them, for suggestions and previews. The connection must be connected; an
   * auth failure moves it to needs-reauth, as a failed import does, and is thrown.
   */
  async function sample(connection: Connection, connector: ConnectorDefinition, collection: CollectionDefinition, limit: number): Promise<unknown[]> {
    if (connection.status !== 'connected') {
      throw new TributaryError({ code: 'connection.not-ready', class: 'auth', message: `The connection to ${connection.appName} is ${connection.status}; reconnect it first.` });
    }
    try {
      const credentials = await credentialsOf(connection, connector);
      return await sampleRecords(
        { http, connector, credentials, retry: sampleRetryPolicy(retry), random, limiter: limiterOf(connection.id, connector) },
        collection,
        limit,
      );
    } catch (thrown) {
      const error = toTributaryError(thrown);
      if (error.class === 'auth') {
        const found = await store.getConnection(connection.id);
        if (found && found.status !== 'needs-reauth') await setConnectionStatus(found, 'needs-reauth', error);
      }
      throw error;
    }
  }

  async function setConnectionStatus(connection: Connection, status: Connection['status'], error?: TributaryError): Promise<void> {
    const next: Connection = { ...connection, status, updatedAt: clock.now() };
    if (error) next.error = error.toJSON();
    else delete next.error;
    await store.putConnection(next);
    events.emit({ type: 'connection.changed', connection: next });
  }

  async function execute(tracker: RunTracker, controller: AbortController): Promise<void> {
    try {
      await importRun(tracker, controller);
    } finally {
      // Whatever the outcome, the data source's flow may go on now: events held during the import are processed.
      await flows.importFinished(tracker.run).catch(() => undefined);
    }
  }

  async function importRun(tracker: RunTracker, controller: AbortController): Promise<void> {
    const { dataSource } = tracker.run;
    try {
      const { connection, connector } = await connectionOf(dataSource.connectionId);
      const credentials = await credentialsOf(connection, connector);
      const { collection } = resolve(connector, dataSource);
      const state = await mappingStateOf(connector, dataSource);
      const mapping = compileMapping(validMapping(state.mapping, state.target), state.target);
      const checkpoint = await store.getCheckpoint(tracker.run.id);
      const resumed = checkpoint !== undefined;
      // A resumed run counts on from its checkpoint, which may be ahead of (or, after a crash, behind) the stored run.
      const progress = checkpoint ? { counters: { ...checkpoint.counters, retries: Math.max(checkpoint.counters.retries, tracker.run.counters.retries) }, skipped: checkpoint.skipped } : {};
      await tracker.update(() => ({ ...progress, status: 'running', startedAt: tracker.run.startedAt ?? clock.now(), finishedAt: undefined, error: undefined, resumesAt: undefined }), {
        level: 'info',
        message: resumed ? `Resuming ${collection.name} from ${connector.name} at its checkpoint.` : `Importing ${collection.name} from ${connector.name}.`,
      });
      await runImport({
        http,
        store,
        destination: options.destination,
        connector,
        collection,
        credentials,
        dataSource,
        mapping,
        tracker,
        signal: controller.signal,
        retry,
        random,
        limiter: limiterOf(connection.id, connector),
        trackVersions: collection.events !== undefined,
        deadLetter: async (records, error, attempts) => {
          const id = generateId();
          await store.putDeadLetter({ id, runId: tracker.run.id, dataSource, records, error: error.toJSON(), attempts, createdAt: clock.now() });
          return id;
        },
      });
      const { counters } = tracker.run;
      // The flow goes active before the run shows succeeded, so whoever sees the success finds the flow active
      // (held events wait for the import to be over, below).
      await flows.importFinished({ ...tracker.run, status: 'succeeded' }).catch(() => undefined);
      await tracker.update(() => ({ status: 'succeeded', finishedAt: clock.now() }), {
        level: 'info',
        message: `Imported ${counters.delivered} of ${counters.fetched} records in ${counters.pages} pages${counters.skipped ? `; ${counters.skipped} skipped` : ''}.`,
      });
    } catch (thrown) {
      if (controller.signal.aborted) {
        await tracker.update(() => ({ status: 'cancelled', finishedAt: clock.now() }), { level: 'warn', message: 'Cancelled.' });
        return;
      }
      const error = toTributaryError(thrown);
      if (error.class === 'auth') {
        const found = await store.getConnection(dataSource.connectionId);
        if (found) await setConnectionStatus(found, 'needs-reauth', error);
      }
      await tracker.update(() => ({ status: 'failed', finishedAt: clock.now(), error: error.toJSON() }), {
        level: 'error',
        message: error.message,
      });
    }
  }

  function announce(run: RunSnapshot): void {
    events.emit({ type: 'run.changed', run });
  }
  const trackerDeps = { store, clock, announce, ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}) };

  /** One limiter per connection: the app's limit applies to the account, whatever runs share it. */
  function limiterOf(connectionId: string, connector: ConnectorDefinition): RateLimiter {
    let limiter = limiters.get(connectionId);
    if (!limiter) {
      limiter = new RateLimiter(connector.rateLimit);
      limiters.set(connectionId, limiter);
    }
    return limiter;
  }

  /** Queues a run and starts it on a later task, so every subscriber sees it `queued` first. */
  async function launch(run: RunSnapshot, log?: string): Promise<RunSnapshot> {
    for (const entry of active.values()) {
      const other = entry.tracker.run;
      if (ACTIVE.has(other.status) && other.dataSource.connectionId === run.dataSource.connectionId && other.dataSource.collection === run.dataSource.collection) {
        throw new TributaryError({ code: 'run.already-active', class: 'config', message: `An import of this collection is already ${other.status}.` });
      }
    }
    // Before the run can end: its data source's flow must be there to be started by its success.
    await flows.importStarted(run);
    const tracker = new RunTracker(run, trackerDeps);
    const controller = new AbortController();
    const queued = await tracker.update(() => ({ status: 'queued' }), log ? { level: 'info', message: log } : undefined);
    const entry: ActiveRun = { controller, connectionId: run.dataSource.connectionId, tracker, done: Promise.resolve() };
    entry.done = new Promise<void>((resolve) => clock.setTimeout(resolve, 0))
      .then(() => execute(tracker, controller))
      // Only a store failing while a failure is recorded lands here; the store holds the run as it was.
      .catch(() => undefined)
      .finally(() => {
        // A resumed run may already hold this id again.
        if (active.get(run.id) === entry) active.delete(run.id);
      });
    active.set(run.id, entry);
    return queued;
  }

  async function finishedRun(runId: string): Promise<RunSnapshot> {
    const run = await store.getRun(runId);
    if (!run) throw notFound('run.not-found', `There is no run "${runId}".`);
    const status = active.get(runId)?.tracker.run.status ?? run.status;
    if (ACTIVE.has(status)) {
      throw new TributaryError({ code: 'run.in-progress', class: 'config', message: `The run is ${status}; cancel it first.` });
    }
    return run;
  }

  /** Runs the store shows in progress were cut off by a crash or restart: resume or mark them. */
  async function recover(): Promise<void> {
    // A flow run cut off is still in its queue, which the flows drain again.
    const orphans = (await store.listRuns()).filter((run) => run.kind === 'import' && ACTIVE.has(run.status));
    for (const run of orphans) {
      if (options.resumeInterruptedRuns ?? true) {
        await launch(run, 'Resuming after the engine restarted.');
      } else {
        const error = new TributaryError({ code: 'run.interrupted', class: 'transient', message: 'The engine stopped while this run was in progress; resume it to go on from its checkpoint.' });
        const tracker = new RunTracker(run, trackerDeps);
        await tracker.update(() => ({ status: 'failed', finishedAt: clock.now(), error: error.toJSON() }), { level: 'error', message: error.message });
      }
    }
  }
  function importActive(dataSource: ResolvedDataSource): boolean {
    for (const entry of active.values()) {
      const run = entry.tracker.run;
      if (ACTIVE.has(run.status) && run.dataSource.connectionId === dataSource.connectionId && run.dataSource.collection === dataSource.collection) return true;
    }
    return false;
  }

  const flows = new FlowManager({
    store,
    clock,
    http,
    retry,
    random,
    destination: options.destination,
    generateId,
    track: (run) => new RunTracker(run, trackerDeps),
    connectorOf,
    limiterOf,
    credentialsOf,
    mappingOf: async (connector, dataSource) => {
      const state = await mappingStateOf(connector, dataSource);
      return compileMapping(validMapping(state.mapping, state.target), state.target);
    },
    importActive,
    startImport: (dataSource) => engine.startImport(dataSource),
    runHistory: options.flowRunHistory ?? 500,
    onRunsRemoved: (runIds) => events.emit({ type: 'runs.removed', runIds }),
    onAuthFailure: async (connectionId, error) => {
      const found = await store.getConnection(connectionId);
      if (found && found.status !== 'needs-reauth') await setConnectionStatus(found, 'needs-reauth', error);
    },
  });

  const recovered = recover().then(() => flows.start());

  const engine: Engine = {
    async listApps() {
      return [...connectors.values()].map(summarize);
    },

    async connect({ appId, credentials }) {
      const connector = connectorOf(appId);
      const checked = await checkCredentials(connector, credentials);
      const now = clock.now();
      const connection: Connection = {
        id: generateId(),
        appId,
        appName: connector.name,
        status: 'connected',
        createdAt: now,
        updatedAt: now,
      };
      await store.putCredentials(connection.id, checked);
      await store.putConnection(connection);
      events.emit({ type: 'connection.changed', connection });
      return connection;
    },

    async reconnect({ connectionId, credentials }) {
      const { connection, connector } = await connectionOf(connectionId);
      const checked = await checkCredentials(connector, credentials);
      await store.putCredentials(connection.id, checked);
      const next: Connection = { ...connection, status: 'connected', updatedAt: clock.now() };
      delete next.error;
      await store.putConnection(next);
      events.emit({ type: 'connection.changed', connection: next });
      // Flows that stopped on the old credentials go on with the new ones.
      for (const collection of Object.keys(connector.collections)) flows.kick(connection.id, collection);
      return next;
    },

    async testCredentials({ appId, credentials }) {
      await checkCredentials(connectorOf(appId), credentials);
      return { ok: true };
    },

    async startOAuth({ appId, redirectUri, connectionId }) {
      const connector = connectorOf(appId);
      if (connectionId !== undefined) {
        const { connection } = await connectionOf(connectionId);
        if (connection.appId !== appId) {
          throw new TributaryError({ code: 'oauth.app-mismatch', class: 'config', message: `The connection is to ${connection.appName}, not ${connector.name}.` });
        }
      }
      return beginSignIn(signIn, { connector, redirectUri, ...(connectionId !== undefined ? { connectionId } : {}) });
    },

    async completeOAuth(callback) {
      const { session, credentials } = await finishSignIn(signIn, callback);
      // Checked against the app like entered credentials, then saved the same way.
      return session.connectionId !== undefined
        ? engine.reconnect({ connectionId: session.connectionId, credentials })
        : engine.connect({ appId: session.appId, credentials });
    },

    async sampleRecords({ connectionId, collection: key, limit }) {
      const { connection, connector } = await connectionOf(connectionId);
      const { collection } = resolve(connector, { connectionId, collection: key });
      return { collection: key, records: await sample(connection, connector, collection, previewLimit(limit)) };
    },

    async listConnections() {
      const connections = await store.listConnections();
      return connections.sort((a, b) => a.createdAt - b.createdAt);
    },

    async disconnect({ connectionId }) {
      await connectionOf(connectionId);
      const running = [...active.values()].filter((entry) => entry.connectionId === connectionId);
      for (const entry of running) entry.controller.abort();
      await Promise.all(running.map((entry) => entry.done));
      flows.forgetConnection(connectionId);
      await store.deleteConnection(connectionId);
      limiters.delete(connectionId);
      events.emit({ type: 'connection.removed', connectionId });
    },

    async listCollections({ connectionId }): Promise<CollectionsListing> {
      const { connector } = await connectionOf(connectionId);
      const entries = Object.entries(connector.collections);
      return {
        dataModels: dataModels.flatMap((model) => {
          const match = entries.find(([, collection]) => collection.dataModel === model.key);
          return match ? [{ key: model.key, name: model.name, collection: match[0] }] : [];
        }),
        collections: entries.map(([key, collection]) => ({
          key,
          name: collection.name,
          ...(collection.description ? { description: collection.description } : {}),
          ...(collection.dataModel ? { dataModel: collection.dataModel } : {}),
          fields: collection.fields,
        })),
      };
    },

    getFieldMapping: mappingState,

    async suggestMapping({ mapping, ...ref }) {
      const { connection, connector } = await connectionOf(ref.connectionId);
      const { dataSource, collection } = resolve(connector, ref);
      const state = await mappingStateOf(connector, ref);
      const current = mapping ?? state.mapping;
      // Only which fields are mapped, and from which paths, is read: a mapping still being edited is fine, a shapeless one is not.
      if (current === null || typeof current !== 'object' || current.fields === null || typeof current.fields !== 'object' || Array.isArray(current.fields)) {
        throw invalidError('mapping.invalid', 'The field mapping is invalid', [{ path: 'mapping.fields', message: 'must be an object' }]);
      }
      let samples: unknown[] = [];
      try {
        samples = await sample(connection, connector, collection, SUGGEST_SAMPLES);
      } catch (thrown) {
        const error = toTributaryError(thrown);
        // Names alone still suggest well; only a connection that needs the user's attention is reported.
        if (error.class === 'auth') throw error;
      }
      const prefixes = [dataSource.dataModel, dataSource.collection, collection.name].filter((prefix): prefix is string => prefix !== undefined);
      return suggestFields(state.target, state.sourceFields, samples, current, { prefixes, idPath: collection.list.idPath });
    },

    async previewMapping({ mapping, limit, ...ref }) {
      const { connection, connector } = await connectionOf(ref.connectionId);
      const { collection } = resolve(connector, ref);
      const state = await mappingStateOf(connector, ref);
      const checked = checkedMapping(mapping ?? state.mapping, state.target);
      if (checked.issues) return { rows: [], issues: checked.issues };
      let compiled: CompiledMapping;
      try {
        compiled = compileMapping(checked.mapping, state.target);
      } catch (thrown) {
        const error = toTributaryError(thrown);
        return { rows: [], issues: error.issues ?? [{ path: 'mapping', message: error.message }] };
      }
      const records = await sample(connection, connector, collection, previewLimit(limit));
      return { rows: previewRows(compiled, records, collection.list.idPath), issues: [] };
    },

    async saveFieldMapping({ mapping, ...ref }) {
      const state = await mappingState(ref);
      const valid = validMapping(mapping, state.target);
      const updatedAt = clock.now();
      await store.putMapping({ connectionId: state.dataSource.connectionId, collection: state.dataSource.collection, mapping: valid, updatedAt });
      const saved: FieldMappingState = { ...state, mapping: valid, isDefault: false, updatedAt };
      events.emit({ type: 'mapping.changed', mapping: saved });
      return saved;
    },

    async startImport(ref) {
      const { connection, connector } = await connectionOf(ref.connectionId);
      if (connection.status !== 'connected') {
        throw new TributaryError({ code: 'connection.not-ready', class: 'auth', message: `The connection to ${connection.appName} is ${connection.status}; reconnect it first.` });
      }
      const { dataSource } = resolve(connector, ref);
      await recovered;
      const run: RunSnapshot = {
        id: generateId(),
        revision: 0,
        kind: 'import',
        dataSource,
        status: 'queued',
        createdAt: clock.now(),
        counters: { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 },
        skipped: [],
        log: [],
      };
      return launch(run);
    },

    async resumeRun({ runId }) {
      await recovered;
      const run = await finishedRun(runId);
      if (run.kind === 'flow') return flows.retryRun(run);
      if (run.status === 'succeeded') {
        throw new TributaryError({ code: 'run.already-succeeded', class: 'config', message: 'The run already succeeded; start a new import instead.' });
      }
      await connectionOf(run.dataSource.connectionId);
      return launch(run, 'Resuming from the last checkpoint.');
    },

    async restartRun({ runId }) {
      await recovered;
      const run = await finishedRun(runId);
      if (run.kind === 'flow') return flows.retryRun(run);
      await connectionOf(run.dataSource.connectionId);
      await store.deleteCheckpoint(runId);
      return launch(
        { ...run, startedAt: undefined, counters: { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 }, skipped: [] },
        'Starting over from the first page.',
      );
    },

    async listDeadLetters(filter) {
      return store.listDeadLetters(filter?.runId !== undefined ? { runId: filter.runId } : undefined);
    },

    async replayDeadLetters({ runId }) {
      await finishedRun(runId);
      const letters = await store.listDeadLetters({ runId });
      let replayed = 0;
      let batches = 0;
      try {
        for (const letter of letters) {
          await retrying(
            () => options.destination({ runId, dataSource: letter.dataSource, records: letter.records }, { signal: new AbortController().signal }),
            { policy: retry, clock, random },
          ).catch((thrown: unknown) => {
            throw new TributaryError(
              { code: 'destination.replay-failed', class: 'destination', message: `Replaying dead letter ${letter.id} failed: ${toTributaryError(thrown).message}` },
              { cause: thrown },
            );
          });
          await store.deleteDeadLetter(letter.id);
          replayed += letter.records.length;
          batches += 1;
        }
      } finally {
        // Letters replayed before a failure count, whatever happened after them.
        const tracker = new RunTracker(await finishedRun(runId), trackerDeps);
        await tracker.update(
          (current) => ({ counters: { ...current.counters, delivered: current.counters.delivered + replayed, deadLettered: current.counters.deadLettered - replayed } }),
          { level: 'info', message: `Replayed ${batches} of ${letters.length} dead letters (${replayed} records).` },
        );
      }
      return engine.getRun({ runId });
    },

    async cancelRun({ runId }) {
      const entry = active.get(runId);
      if (entry) {
        entry.controller.abort();
        await entry.done;
      }
      return engine.getRun({ runId });
    },

    async listRuns(filter) {
      await recovered;
      const runs = await store.listRuns();
      // Newest first; reversing first keeps runs created in the same millisecond newest first too.
      return runs
        .reverse()
        .filter((run) => (filter?.connectionId === undefined || run.dataSource.connectionId === filter.connectionId)
          && (filter?.status === undefined || run.status === filter.status)
          && (filter?.kind === undefined || run.kind === filter.kind))
        .sort((a, b) => b.createdAt - a.createdAt);
    },

    async getRun({ runId }) {
      const run = await store.getRun(runId);
      if (!run) throw notFound('run.not-found', `There is no run "${runId}".`);
      return run;
    },

    async getFlow(ref) {
      const { connector } = await connectionOf(ref.connectionId);
      const { dataSource, collection } = resolve(connector, ref);
      return flows.summary(dataSource, connector, collection);
    },

    async retryFlowRun({ runId }) {
      await recovered;
      return flows.retryRun(await finishedRun(runId));
    },

    async rotateWebhookSecret({ connectionId }) {
      const { connection, connector } = await connectionOf(connectionId);
      return flows.rotateWebhookSecret(connection, connector);
    },

    async receiveWebhook({ connectionId, headers, body }) {
      await recovered;
      const { connection, connector } = await connectionOf(connectionId);
      return flows.receiveWebhook(connection, connector, { headers, body });
    },

    subscribe(listener) {
      return events.subscribe(listener);
    },

    async dispose() {
      await recovered;
      await flows.dispose();
      for (const entry of active.values()) entry.controller.abort();
      await Promise.all([...active.values()].map((entry) => entry.done));
    },
  };
  return engine;
}

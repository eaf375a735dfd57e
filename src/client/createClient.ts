import { toTributaryError } from '../engine/errors.ts';
import type {
  CollectionsListing,
  CommandInput,
  CommandName,
  CommandOutput,
  Connection,
  DataSourceRef,
  Engine,
  EngineEvent,
  FieldMappingState,
  RunSnapshot,
} from '../engine/index.ts';
import type { ClientState, Resource, TributaryClient, Transport } from './client.types.ts';
import { createHttpTransport, type HttpTransportOptions } from './httpTransport.ts';
import { createInProcessTransport } from './inProcessTransport.ts';
import { liveResource, type LiveResource } from './resource.ts';

export type ClientOptions =
  /** Runs the engine in this process. */
  | { engine: Engine; transport?: never; url?: never }
  /** Reaches an engine behind `tributary/server` over HTTP. */
  | (HttpTransportOptions & { engine?: never; transport?: never })
  /** Reaches an engine through any transport. */
  | { transport: Transport; engine?: never; url?: never };

/** `list` with `item` in place of the entry with its id, or added (first or last) when none has it. */
function upsert<T extends { id: string }>(list: readonly T[], item: T, first?: boolean): readonly T[] {
  if (list.some((entry) => entry.id === item.id)) return list.map((entry) => (entry.id === item.id ? item : entry));
  return first ? [item, ...list] : [...list, item];
}

function applyEvent(state: ClientState, event: EngineEvent): ClientState {
  switch (event.type) {
    case 'connection.changed':
      return { ...state, connections: upsert(state.connections, event.connection) };
    case 'connection.removed':
      return { ...state, connections: state.connections.filter((c) => c.id !== event.connectionId) };
    case 'run.changed': {
      const known = state.runs.find((run) => run.id === event.run.id);
      // A snapshot older than the one held is stale (it raced a load); keep the newer.
      if (known && known.revision >= event.run.revision) return state;
      return { ...state, runs: upsert(state.runs, event.run, true) };
    }
    case 'runs.removed': {
      const gone = new Set(event.runIds);
      return { ...state, runs: state.runs.filter((run) => !gone.has(run.id)) };
    }
    default:
      // `mapping.changed` goes to the mapping resources, not the state.
      return state;
  }
}

const refKey = (ref: DataSourceRef) => JSON.stringify([ref.connectionId, ref.collection ?? null, ref.dataModel ?? null]);

/**
 * The thin client the components use: typed commands plus a live, immutable
 * state that anyone can subscribe to. No React in here.
 */
export function createClient(options: ClientOptions): TributaryClient {
  const transport = options.transport ?? (options.engine ? createInProcessTransport(options.engine) : createHttpTransport(options));
  let state: ClientState = { status: 'idle', apps: [], connections: [], runs: [] };
  const listeners = new Set<() => void>();
  const collections = new Map<string, LiveResource<CollectionsListing>>();
  const mappings = new Map<string, LiveResource<FieldMappingState>>();
  let unsubscribe: (() => void) | undefined;
  let starting: Promise<void> | undefined;
  let queued: EngineEvent[] | undefined;
  let resyncing = false;
  let resyncAgain = false;

  function setState(next: ClientState): void {
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  }
  const apply = (event: EngineEvent): void => setState(applyEvent(state, event));
  const failed = (thrown: unknown): void => {
    queued = undefined;
    setState({ ...state, status: 'error', error: toTributaryError(thrown) });
  };

  function onEvent(event: EngineEvent): void {
    if (event.type === 'mapping.changed') {
      const { dataSource } = event.mapping;
      for (const resource of mappings.values()) {
        const held = resource.getSnapshot().data?.dataSource;
        if (held && held.connectionId === dataSource.connectionId && held.collection === dataSource.collection) {
          resource.set(event.mapping);
        }
      }
    } else if (queued) queued.push(event);
    else apply(event);
  }

  function start(): Promise<void> {
    if (!starting) {
      // Listen before loading, then replay what arrived meanwhile, so no change is missed.
      queued = [];
      unsubscribe = transport.subscribe(onEvent, resync);
      setState({ ...state, status: 'loading' });
      // Never rejects: a failure is the state's.
      starting = load().then(setState, (thrown: unknown) => {
        unsubscribe?.();
        unsubscribe = starting = undefined;
        failed(thrown);
      });
    }
    return starting;
  }

  /** Loads apps, connections and runs, then applies the events queued meanwhile. */
  async function load(): Promise<ClientState> {
    const [apps, connections, runs] = await Promise.all([
      transport.call('listApps', {}),
      transport.call('listConnections', {}),
      transport.call('listRuns', {}),
    ]);
    const next = (queued ?? []).reduce(applyEvent, { status: 'ready', apps, connections, runs });
    queued = undefined;
    return next;
  }

  /**
   * The transport may have missed events (its stream dropped and could not
   * replay): load everything again, and every resource already loaded.
   */
  async function resync(): Promise<void> {
    if (!unsubscribe) return;
    if (resyncing) {
      resyncAgain = true;
      return;
    }
    resyncing = true;
    try {
      await starting?.catch(() => undefined);
      do {
        resyncAgain = false;
        for (const resource of [...collections.values(), ...mappings.values()]) {
          if (resource.getSnapshot().status !== 'idle') void resource.refresh().catch(() => undefined);
        }
        // A client that failed to start or was closed has nothing to reload.
        if (unsubscribe !== undefined) {
          queued = [];
          try {
            setState(await load());
          } catch (thrown) {
            failed(thrown);
          }
        }
      } while (resyncAgain && unsubscribe);
    } finally {
      resyncing = false;
    }
  }

  function cached<T>(cache: Map<string, LiveResource<T>>, key: string, load: () => Promise<T>): Resource<T> {
    let resource = cache.get(key);
    // Loading a resource starts the client too: its updates arrive as engine events.
    if (!resource) cache.set(key, (resource = liveResource(() => (void start(), load()))));
    return resource;
  }

  async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
    try {
      return await transport.call(name, input);
    } catch (thrown) {
      throw toTributaryError(thrown);
    }
  }

  /** Shows a run a command returned at once, without waiting for its event. */
  async function withRun(pending: Promise<RunSnapshot>): Promise<RunSnapshot> {
    const run = await pending;
    if (!queued) apply({ type: 'run.changed', run });
    return run;
  }

  /** Shows a connection a command returned at once. */
  async function withConnection(pending: Promise<Connection>): Promise<Connection> {
    const connection = await pending;
    apply({ type: 'connection.changed', connection });
    return connection;
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      if (state.status === 'idle') void start();
      return () => {
        listeners.delete(listener);
      };
    },
    start,
    connect: (input) => withConnection(call('connect', input)),
    reconnect: (connectionId, credentials) => withConnection(call('reconnect', { connectionId, credentials })),
    testCredentials: (input) => call('testCredentials', input),
    startOAuth: (appId, redirectUri, connectionId) => call('startOAuth', { appId, redirectUri, connectionId }),
    completeOAuth: (callback) => withConnection(call('completeOAuth', callback)),
    async disconnect(connectionId) {
      await call('disconnect', { connectionId });
      apply({ type: 'connection.removed', connectionId });
    },
    collections: (connectionId) => cached(collections, connectionId, () => call('listCollections', { connectionId })),
    sampleRecords: (connectionId, collection, limit) => call('sampleRecords', { connectionId, collection, limit }),
    fieldMapping: (ref) => cached(mappings, refKey(ref), () => call('getFieldMapping', ref)),
    async saveFieldMapping(ref, mapping) {
      const saved = await call('saveFieldMapping', { ...ref, mapping });
      onEvent({ type: 'mapping.changed', mapping: saved });
      return saved;
    },
    suggestMapping: (ref, mapping) => call('suggestMapping', { ...ref, mapping }),
    previewMapping: (ref, mapping, limit) => call('previewMapping', { ...ref, mapping, limit }),
    startImport: (ref) => withRun(call('startImport', ref)),
    cancelRun: (runId) => withRun(call('cancelRun', { runId })),
    resumeRun: (runId) => withRun(call('resumeRun', { runId })),
    restartRun: (runId) => withRun(call('restartRun', { runId })),
    listDeadLetters: (runId) => call('listDeadLetters', { runId }),
    replayDeadLetters: (runId) => withRun(call('replayDeadLetters', { runId })),
    getFlow: (dataSource) => call('getFlow', dataSource),
    retryFlowRun: (runId) => withRun(call('retryFlowRun', { runId })),
    rotateWebhookSecret: (connectionId) => call('rotateWebhookSecret', { connectionId }),
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
      transport.close?.();
    },
  };
}

import { toTributaryError } from '../engine/errors.ts';
import type {
  CollectionsListing,
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
import { LiveResource } from './resource.ts';

export type ClientOptions =
  /** Runs the engine in this process. */
  | { engine: Engine; transport?: never; url?: never }
  /** Reaches an engine behind `tributary/server` over HTTP. */
  | (HttpTransportOptions & { engine?: never; transport?: never })
  /** Reaches an engine through any transport. */
  | { transport: Transport; engine?: never; url?: never };

function transportFor(options: ClientOptions): Transport {
  if (options.transport) return options.transport;
  if (options.engine) return createInProcessTransport(options.engine);
  return createHttpTransport(options);
}

function upsert<T>(list: readonly T[], item: T, same: (a: T) => boolean, first = false): readonly T[] {
  const index = list.findIndex(same);
  if (index === -1) return first ? [item, ...list] : [...list, item];
  const next = list.slice();
  next[index] = item;
  return next;
}

function applyEvent(state: ClientState, event: EngineEvent): ClientState {
  switch (event.type) {
    case 'connection.changed':
      return { ...state, connections: upsert(state.connections, event.connection, (c) => c.id === event.connection.id) };
    case 'connection.removed':
      return { ...state, connections: state.connections.filter((c) => c.id !== event.connectionId) };
    case 'run.changed': {
      const known = state.runs.find((run) => run.id === event.run.id);
      // A snapshot older than the one held is stale (it raced a load); keep the newer.
      if (known && known.revision >= event.run.revision) return state;
      return { ...state, runs: upsert(state.runs, event.run, (run) => run.id === event.run.id, true) };
    }
    case 'runs.removed': {
      const gone = new Set(event.runIds);
      return { ...state, runs: state.runs.filter((run) => !gone.has(run.id)) };
    }
    case 'mapping.changed':
      return state;
    default:
      return event satisfies never;
  }
}

const refKey = (ref: DataSourceRef) => JSON.stringify([ref.connectionId, ref.collection ?? null, ref.dataModel ?? null]);

/**
 * The thin client the components use: typed commands plus a live, immutable
 * state that anyone can subscribe to. No React in here.
 */
export function createClient(options: ClientOptions): TributaryClient {
  const transport = transportFor(options);
  let state: ClientState = { status: 'idle', apps: [], connections: [], runs: [] };
  const listeners = new Set<() => void>();
  const collections = new Map<string, LiveResource<CollectionsListing>>();
  const mappings = new Map<string, LiveResource<FieldMappingState>>();
  let unsubscribe: (() => void) | undefined;
  let starting: Promise<void> | undefined;
  let queued: EngineEvent[] | undefined;
  let resyncing: Promise<void> | undefined;
  let resyncAgain = false;

  function setState(next: ClientState): void {
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  }

  function onEvent(event: EngineEvent): void {
    if (event.type === 'mapping.changed') {
      const { dataSource } = event.mapping;
      for (const resource of mappings.values()) {
        const held = resource.getSnapshot().data?.dataSource;
        if (held && held.connectionId === dataSource.connectionId && held.collection === dataSource.collection) {
          resource.set(event.mapping);
        }
      }
      return;
    }
    if (queued) queued.push(event);
    else setState(applyEvent(state, event));
  }

  function start(): Promise<void> {
    if (starting) return starting;
    // Listen before loading, then replay what arrived meanwhile, so no change is missed.
    queued = [];
    unsubscribe = transport.subscribe(onEvent, resync);
    setState({ ...state, status: 'loading' });
    starting = load().then(
      (next) => setState(next),
      (thrown: unknown) => {
        queued = undefined;
        unsubscribe?.();
        unsubscribe = undefined;
        starting = undefined;
        setState({ ...state, status: 'error', error: toTributaryError(thrown) });
      },
    );
    return starting;
  }

  /** Loads apps, connections and runs, then applies the events queued meanwhile. */
  async function load(): Promise<ClientState> {
    const [apps, connections, runs] = await Promise.all([
      transport.call('listApps', {}),
      transport.call('listConnections', {}),
      transport.call('listRuns', {}),
    ]);
    let next: ClientState = { status: 'ready', apps, connections, runs };
    for (const event of queued ?? []) next = applyEvent(next, event);
    queued = undefined;
    return next;
  }

  /**
   * The transport may have missed events (its stream dropped and could not
   * replay): load everything again, and every resource already loaded.
   */
  function resync(): void {
    if (!unsubscribe) return;
    if (resyncing) {
      resyncAgain = true;
      return;
    }
    resyncing = (async () => {
      await starting?.catch(() => undefined);
      do {
        resyncAgain = false;
        for (const resource of [...collections.values(), ...mappings.values()]) {
          if (resource.getSnapshot().status !== 'idle') void resource.refresh().catch(() => undefined);
        }
        // A client that failed to start or was closed has nothing to reload.
        if (!unsubscribe) continue;
        queued = [];
        try {
          setState(await load());
        } catch (thrown) {
          queued = undefined;
          setState({ ...state, status: 'error', error: toTributaryError(thrown) });
        }
      } while (resyncAgain && unsubscribe);
    })().finally(() => {
      resyncing = undefined;
    });
  }

  function cached<T>(cache: Map<string, LiveResource<T>>, key: string, load: () => Promise<T>): Resource<T> {
    let resource = cache.get(key);
    if (!resource) {
      // Loading a resource starts the client too: its updates arrive as engine events.
      resource = new LiveResource(() => {
        void start();
        return load();
      });
      cache.set(key, resource);
    }
    return resource;
  }

  const call: Transport['call'] = (name, input) =>
    transport.call(name, input).catch((thrown: unknown) => {
      throw toTributaryError(thrown);
    });

  /** Shows a run a command returned at once, without waiting for its event. */
  async function withRun(pending: Promise<RunSnapshot>): Promise<RunSnapshot> {
    const run = await pending;
    if (!queued) setState(applyEvent(state, { type: 'run.changed', run }));
    return run;
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
    async connect(input): Promise<Connection> {
      const connection = await call('connect', input);
      setState(applyEvent(state, { type: 'connection.changed', connection }));
      return connection;
    },
    async reconnect(connectionId, credentials): Promise<Connection> {
      const connection = await call('reconnect', { connectionId, credentials });
      setState(applyEvent(state, { type: 'connection.changed', connection }));
      return connection;
    },
    testCredentials: (input) => call('testCredentials', input),
    startOAuth: (appId, redirectUri, connectionId) =>
      call('startOAuth', { appId, redirectUri, ...(connectionId !== undefined ? { connectionId } : {}) }),
    async completeOAuth(callback): Promise<Connection> {
      const connection = await call('completeOAuth', callback);
      setState(applyEvent(state, { type: 'connection.changed', connection }));
      return connection;
    },
    async disconnect(connectionId) {
      await call('disconnect', { connectionId });
      setState(applyEvent(state, { type: 'connection.removed', connectionId }));
    },
    collections: (connectionId) =>
      cached(collections, connectionId, () => call('listCollections', { connectionId })),
    sampleRecords: (connectionId, collection, limit) =>
      call('sampleRecords', { connectionId, collection, ...(limit !== undefined ? { limit } : {}) }),
    fieldMapping: (ref) => cached(mappings, refKey(ref), () => call('getFieldMapping', ref)),
    async saveFieldMapping(ref, mapping) {
      const saved = await call('saveFieldMapping', { ...ref, mapping });
      onEvent({ type: 'mapping.changed', mapping: saved });
      return saved;
    },
    suggestMapping: (ref, mapping) => call('suggestMapping', { ...ref, ...(mapping !== undefined ? { mapping } : {}) }),
    previewMapping: (ref, mapping, limit) =>
      call('previewMapping', { ...ref, ...(mapping !== undefined ? { mapping } : {}), ...(limit !== undefined ? { limit } : {}) }),
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

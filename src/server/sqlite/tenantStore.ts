import {
  TributaryError,
  type Checkpoint,
  type Connection,
  type Credentials,
  type DeadLetter,
  type OAuthSession,
  type RunSnapshot,
  type RunStatus,
  type Store,
  type StoredMapping,
} from '../../engine/index.ts';
import type { SqliteDatabase } from './driver.ts';
import { closedError, storeError } from './errors.ts';
import type { SecretTable } from './migrations.ts';
import type { Sealer } from './sealing.ts';

type QueuedEvent = Parameters<Store['enqueueEvents']>[0][number];
type RecordVersion = Parameters<Store['putRecordVersions']>[0][number];
type FlowState = Parameters<Store['putFlowState']>[0];

/** A tenant's store on SQLite; `listRuns` also filters by status in the query. */
export interface SqliteStore extends Store {
  /** With `status`, only runs in one of those statuses, read through an index (how in-progress runs are found at start-up). */
  listRuns(filter?: { status?: readonly RunStatus[] }): Promise<RunSnapshot[]>;
}

/** The Store's methods, run synchronously: better-sqlite3 answers at once. */
type SyncStore = { [K in keyof SqliteStore]: (...args: Parameters<SqliteStore[K]>) => Awaited<ReturnType<SqliteStore[K]>> };

interface SecretRow {
  plain: string | null;
  sealed: Uint8Array | null;
}

/**
 * Where a sealed secret belongs: moved to another table, tenant or row (connection, or a sign-in's state),
 * it no longer decrypts.
 */
export const secretContext = (table: SecretTable, tenantId: string, key: string): string => JSON.stringify([table, tenantId, key]);

/**
 * Every statement a tenant's store runs, prepared once per database and
 * shared by all tenants: `putRun` and `putCheckpoint` run on every page of
 * every import. The tenant is the first parameter of each one.
 */
function buildStatements(db: SqliteDatabase) {
  const text = (sql: string) => db.prepare<unknown[], string>(sql).pluck();
  const secrets = (table: SecretTable) => ({
    get: db.prepare<unknown[], SecretRow>(`SELECT plain, sealed FROM ${table} WHERE tenant = ? AND connection_id = ?`),
    put: db.prepare(
      `INSERT INTO ${table} (tenant, connection_id, plain, sealed) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, connection_id) DO UPDATE SET plain = excluded.plain, sealed = excluded.sealed`,
    ),
  });
  return {
    listConnections: text('SELECT data FROM connections WHERE tenant = ? ORDER BY rowid'),
    getConnection: text('SELECT data FROM connections WHERE tenant = ? AND id = ?'),
    putConnection: db.prepare('INSERT INTO connections (tenant, id, data) VALUES (?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET data = excluded.data'),
    // What deleteConnection takes with it, as the Store interface lists it.
    deleteConnection: ['connections WHERE tenant = ? AND id = ?', ...['credentials', 'mappings', 'queued_events', 'record_versions', 'flow_states', 'seen_events', 'webhook_secrets'].map((table) => `${table} WHERE tenant = ? AND connection_id = ?`)].map(
      (where) => db.prepare(`DELETE FROM ${where}`),
    ),

    credentials: secrets('credentials'),
    webhookSecrets: secrets('webhook_secrets'),

    getMapping: text('SELECT data FROM mappings WHERE tenant = ? AND connection_id = ? AND collection = ?'),
    putMapping: db.prepare(
      'INSERT INTO mappings (tenant, connection_id, collection, data) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, connection_id, collection) DO UPDATE SET data = excluded.data',
    ),

    listRuns: text('SELECT data FROM runs WHERE tenant = ? ORDER BY rowid'),
    // Lists of ids and statuses arrive as one JSON array, so one prepared statement serves any length.
    listRunsIn: text('SELECT data FROM runs WHERE tenant = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY rowid'),
    getRun: text('SELECT data FROM runs WHERE tenant = ? AND id = ?'),
    putRun: db.prepare(
      'INSERT INTO runs (tenant, id, status, flow_source, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET status = excluded.status, flow_source = excluded.flow_source, data = excluded.data',
    ),
    // Keeps the `keep` latest-first-written; `LIMIT -1 OFFSET n` is "all rows after the first n".
    pruneFlowRuns: text(
      'DELETE FROM runs WHERE tenant = ? AND rowid IN (SELECT rowid FROM runs WHERE tenant = ? AND flow_source = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY rowid DESC LIMIT -1 OFFSET ?) RETURNING id',
    ),

    getCheckpoint: text('SELECT data FROM checkpoints WHERE tenant = ? AND run_id = ?'),
    putCheckpoint: db.prepare('INSERT INTO checkpoints (tenant, run_id, data) VALUES (?, ?, ?) ON CONFLICT (tenant, run_id) DO UPDATE SET data = excluded.data'),
    deleteCheckpoint: db.prepare('DELETE FROM checkpoints WHERE tenant = ? AND run_id = ?'),

    listDeadLetters: text('SELECT data FROM dead_letters WHERE tenant = ? ORDER BY rowid'),
    listDeadLettersOfRun: text('SELECT data FROM dead_letters WHERE tenant = ? AND run_id = ? ORDER BY rowid'),
    putDeadLetter: db.prepare(
      'INSERT INTO dead_letters (tenant, id, run_id, data) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET run_id = excluded.run_id, data = excluded.data',
    ),
    deleteDeadLetter: db.prepare('DELETE FROM dead_letters WHERE tenant = ? AND id = ?'),

    enqueueEvent: db.prepare(
      'INSERT INTO queued_events (tenant, id, connection_id, collection, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET connection_id = excluded.connection_id, collection = excluded.collection, data = excluded.data',
    ),
    listQueuedEvents: text('SELECT data FROM queued_events WHERE tenant = ? AND connection_id = ? AND collection = ? ORDER BY rowid LIMIT ?'),
    ackEvents: db.prepare('DELETE FROM queued_events WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))'),
    countQueuedEvents: db.prepare<unknown[], number>('SELECT count(*) FROM queued_events WHERE tenant = ? AND connection_id = ? AND collection = ?').pluck(),

    // In the order asked, repeats included, as a lookup per id would give them.
    getRecordVersions: text(
      'SELECT v.data FROM json_each(?) AS ids JOIN record_versions AS v ON v.tenant = ? AND v.connection_id = ? AND v.collection = ? AND v.record_id = ids.value ORDER BY ids.key',
    ),
    listRecordVersions: text('SELECT data FROM record_versions WHERE tenant = ? AND connection_id = ? AND collection = ? ORDER BY rowid'),
    putRecordVersion: db.prepare(
      'INSERT INTO record_versions (tenant, connection_id, collection, record_id, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, connection_id, collection, record_id) DO UPDATE SET data = excluded.data',
    ),

    listFlowStates: text('SELECT data FROM flow_states WHERE tenant = ? ORDER BY rowid'),
    getFlowState: text('SELECT data FROM flow_states WHERE tenant = ? AND connection_id = ? AND collection = ?'),
    putFlowState: db.prepare(
      'INSERT INTO flow_states (tenant, connection_id, collection, data) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, connection_id, collection) DO UPDATE SET data = excluded.data',
    ),

    getSeenEventIds: text(
      'SELECT ids.value FROM json_each(?) AS ids WHERE EXISTS (SELECT 1 FROM seen_events AS s WHERE s.tenant = ? AND s.connection_id = ? AND s.event_id = ids.value) ORDER BY ids.key',
    ),
    forgetSeenEvents: db.prepare('DELETE FROM seen_events WHERE tenant = ? AND seen_at < ?'),
    putSeenEvent: db.prepare(
      'INSERT INTO seen_events (tenant, connection_id, event_id, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, connection_id, event_id) DO UPDATE SET seen_at = excluded.seen_at',
    ),

    forgetOAuthSessions: db.prepare('DELETE FROM oauth_sessions WHERE tenant = ? AND expires_at < ?'),
    putOAuthSession: db.prepare(
      'INSERT INTO oauth_sessions (tenant, state, expires_at, plain, sealed) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, state) DO UPDATE SET expires_at = excluded.expires_at, plain = excluded.plain, sealed = excluded.sealed',
    ),
    // Read and delete in one statement: two answers carrying the same state cannot both get the sign-in.
    takeOAuthSession: db.prepare<unknown[], SecretRow>('DELETE FROM oauth_sessions WHERE tenant = ? AND state = ? RETURNING plain, sealed'),
  };
}

type Statements = ReturnType<typeof buildStatements>;

declare const prepared: unique symbol;
/**
 * The prepared statements, opaque outside this module: their driver types
 * cannot be named in the package's declarations, and nothing outside needs them.
 */
export interface PreparedStatements {
  readonly [prepared]: true;
}

/** Prepares every statement once per database (see buildStatements). */
export function prepareStatements(db: SqliteDatabase): PreparedStatements {
  return buildStatements(db) as unknown as PreparedStatements;
}

const parse = <T>(json: string | undefined): T | undefined => (json === undefined ? undefined : (JSON.parse(json) as T));
const parseAll = <T>(rows: string[]): T[] => rows.map((json) => JSON.parse(json) as T);
/** A flow run's `flow_source`, as migration 3 computes it for rows written before it. */
const flowSource = (connectionId: string, collection: string): string => `${connectionId}\u001f${collection}`;

/** SQLite reads a negative LIMIT as none; the memory store takes nothing for it, and everything for an unbounded one. */
const sqlLimit = (limit: number): number => (Number.isNaN(limit) || limit === Number.POSITIVE_INFINITY ? -1 : Math.max(0, Math.ceil(limit)));

export interface TenantStoreDeps {
  db: SqliteDatabase;
  statements: PreparedStatements;
  sealer: Sealer | undefined;
  /** Whether the database was closed: later calls fail with a typed error, not the driver's. */
  isClosed(): boolean;
}

/**
 * One tenant's view of the database. Values go in as JSON text and come out
 * freshly parsed, so neither side can mutate what the other holds, as with
 * the memory store's copies.
 */
export function createTenantStore(tenant: string, { db, statements, sealer, isClosed }: TenantStoreDeps): SqliteStore {
  const sql = statements as unknown as Statements;
  const openSecret = (table: SecretTable, key: string, row: SecretRow | undefined): string | undefined => {
    if (!row) return undefined;
    if (row.plain !== null) return row.plain;
    if (!sealer || row.sealed === null) {
      throw new TributaryError({
        code: 'store.secret-key-required',
        class: 'config',
        message: 'Stored secrets are encrypted, but the store was opened without a secretKey: pass the key they were written with.',
      });
    }
    return sealer.open(row.sealed, secretContext(table, tenant, key));
  };
  /** The `plain` and `sealed` columns for a secret: exactly one is set. */
  const sealSecret = (table: SecretTable, key: string, json: string): [plain: string | null, sealed: Buffer | null] =>
    sealer ? [null, sealer.seal(json, secretContext(table, tenant, key))] : [json, null];
  const secretStatements = (table: 'credentials' | 'webhook_secrets') => (table === 'credentials' ? sql.credentials : sql.webhookSecrets);
  const readSecret = (table: 'credentials' | 'webhook_secrets', connectionId: string): string | undefined =>
    openSecret(table, connectionId, secretStatements(table).get.get(tenant, connectionId));
  const writeSecret = (table: 'credentials' | 'webhook_secrets', connectionId: string, json: string): void =>
    void secretStatements(table).put.run(tenant, connectionId, ...sealSecret(table, connectionId, json));

  // Writes of several rows land together or not at all.
  const deleteConnection = db.transaction((id: string) => {
    for (const statement of sql.deleteConnection) statement.run(tenant, id);
  });
  const enqueueEvents = db.transaction((rows: [id: string, connectionId: string, collection: string, json: string][]) => {
    for (const row of rows) sql.enqueueEvent.run(tenant, ...row);
  });
  const putRecordVersions = db.transaction((rows: [connectionId: string, collection: string, recordId: string, json: string][]) => {
    for (const row of rows) sql.putRecordVersion.run(tenant, ...row);
  });
  const putOAuthSession = db.transaction((session: OAuthSession, forgetExpiredBefore: number) => {
    sql.forgetOAuthSessions.run(tenant, forgetExpiredBefore);
    sql.putOAuthSession.run(tenant, session.state, session.expiresAt, ...sealSecret('oauth_sessions', session.state, JSON.stringify(session)));
  });
  const putSeenEventIds = db.transaction((connectionId: string, eventIds: string[], at: number, forgetBefore: number) => {
    sql.forgetSeenEvents.run(tenant, forgetBefore);
    for (const id of eventIds) sql.putSeenEvent.run(tenant, connectionId, id, at);
  });

  const sync: SyncStore = {
    listConnections: () => parseAll<Connection>(sql.listConnections.all(tenant)),
    getConnection: (id) => parse<Connection>(sql.getConnection.get(tenant, id)),
    putConnection: (connection) => void sql.putConnection.run(tenant, connection.id, JSON.stringify(connection)),
    deleteConnection: (id) => deleteConnection(id),

    getCredentials: (connectionId) => parse<Credentials>(readSecret('credentials', connectionId)),
    putCredentials: (connectionId, credentials) => writeSecret('credentials', connectionId, JSON.stringify(credentials)),

    getMapping: (connectionId, collection) => parse<StoredMapping>(sql.getMapping.get(tenant, connectionId, collection)),
    putMapping: (mapping) => void sql.putMapping.run(tenant, mapping.connectionId, mapping.collection, JSON.stringify(mapping)),

    listRuns(filter) {
      if (filter?.status === undefined) return parseAll<RunSnapshot>(sql.listRuns.all(tenant));
      return parseAll<RunSnapshot>(sql.listRunsIn.all(tenant, JSON.stringify(filter.status)));
    },
    getRun: (id) => parse<RunSnapshot>(sql.getRun.get(tenant, id)),
    putRun: (run) =>
      void sql.putRun.run(tenant, run.id, run.status, run.kind === 'flow' ? flowSource(run.dataSource.connectionId, run.dataSource.collection) : null, JSON.stringify(run)),
    pruneFlowRuns: (connectionId, collection, statuses, keep) =>
      sql.pruneFlowRuns.all(tenant, tenant, flowSource(connectionId, collection), JSON.stringify(statuses), Math.max(0, Math.floor(keep))),

    getCheckpoint: (runId) => parse<Checkpoint>(sql.getCheckpoint.get(tenant, runId)),
    putCheckpoint: (checkpoint) => void sql.putCheckpoint.run(tenant, checkpoint.runId, JSON.stringify(checkpoint)),
    deleteCheckpoint: (runId) => void sql.deleteCheckpoint.run(tenant, runId),

    listDeadLetters(filter) {
      if (filter?.runId === undefined) return parseAll<DeadLetter>(sql.listDeadLetters.all(tenant));
      return parseAll<DeadLetter>(sql.listDeadLettersOfRun.all(tenant, filter.runId));
    },
    putDeadLetter: (letter) => void sql.putDeadLetter.run(tenant, letter.id, letter.runId, JSON.stringify(letter)),
    deleteDeadLetter: (id) => void sql.deleteDeadLetter.run(tenant, id),

    // Serialized before the transaction, so a value that cannot be written leaves the queue as it was.
    enqueueEvents: (events) => enqueueEvents(events.map((event) => [event.id, event.connectionId, event.collection, JSON.stringify(event)])),
    listQueuedEvents: (connectionId, collection, limit) => parseAll<QueuedEvent>(sql.listQueuedEvents.all(tenant, connectionId, collection, sqlLimit(limit))),
    ackEvents: (ids) => void sql.ackEvents.run(tenant, JSON.stringify(ids)),
    countQueuedEvents: (connectionId, collection) => sql.countQueuedEvents.get(tenant, connectionId, collection) ?? 0,

    getRecordVersions: (connectionId, collection, recordIds) =>
      parseAll<RecordVersion>(sql.getRecordVersions.all(JSON.stringify(recordIds), tenant, connectionId, collection)),
    listRecordVersions: (connectionId, collection) => parseAll<RecordVersion>(sql.listRecordVersions.all(tenant, connectionId, collection)),
    putRecordVersions: (versions) =>
      putRecordVersions(versions.map((version) => [version.connectionId, version.collection, version.recordId, JSON.stringify(version)])),

    listFlowStates: () => parseAll<FlowState>(sql.listFlowStates.all(tenant)),
    getFlowState: (connectionId, collection) => parse<FlowState>(sql.getFlowState.get(tenant, connectionId, collection)),
    putFlowState: (state) => void sql.putFlowState.run(tenant, state.connectionId, state.collection, JSON.stringify(state)),

    getSeenEventIds: (connectionId, eventIds) => sql.getSeenEventIds.all(JSON.stringify(eventIds), tenant, connectionId),
    putSeenEventIds: (connectionId, eventIds, at, forgetBefore) => putSeenEventIds(connectionId, eventIds, at, forgetBefore),

    getWebhookSecret: (connectionId) => parse<string>(readSecret('webhook_secrets', connectionId)),
    putWebhookSecret: (connectionId, secret) => writeSecret('webhook_secrets', connectionId, JSON.stringify(secret)),

    putOAuthSession: (session, forgetExpiredBefore) => putOAuthSession(session, forgetExpiredBefore),
    takeOAuthSession: (state) => parse<OAuthSession>(openSecret('oauth_sessions', state, sql.takeOAuthSession.get(tenant, state))),
  };

  const store = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [name, method] of Object.entries(sync) as [string, (...args: unknown[]) => unknown][]) {
    store[name] = async (...args) => {
      if (isClosed()) throw closedError();
      try {
        return method(...args);
      } catch (thrown) {
        throw storeError(thrown);
      }
    };
  }
  return store as unknown as SqliteStore;
}

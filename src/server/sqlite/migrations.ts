import { TributaryError } from '../../engine/index.ts';
import type { SqliteDatabase } from './driver.ts';

/** One step of the schema; its version is its place in {@link migrations}, from 1. */
export interface Migration {
  /** What the step adds, for the reader of a database's history. */
  name: string;
  sql: string;
}

/**
 * The schema, as the ordered steps that build it. Append only: a database
 * records in `PRAGMA user_version` how many of these it has applied, so an
 * edited or reordered step would never run where it matters.
 *
 * Every table carries the tenant as the first column of its key, so each
 * query a tenant's store makes is confined to its own rows by the index it
 * uses. Values are JSON text; the few columns beside them are the ones
 * something looks up or filters by. Rows are listed in `rowid` order, which an
 * upsert keeps: the order of first write, as the memory store's maps list them.
 */
export const migrations: readonly Migration[] = [
  {
    name: 'connections, credentials, mappings, runs, checkpoints and dead letters',
    sql: `
      CREATE TABLE connections (
        tenant TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, id)
      );
      -- A webhook finds its tenant by connection id alone.
      CREATE INDEX connections_by_id ON connections (id);

      -- Apart from connections, so no connection read can carry them. Exactly one
      -- of plain (JSON) and sealed (AES-256-GCM) is set.
      CREATE TABLE credentials (
        tenant TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        plain TEXT,
        sealed BLOB,
        PRIMARY KEY (tenant, connection_id),
        CHECK ((plain IS NULL) <> (sealed IS NULL))
      );

      CREATE TABLE mappings (
        tenant TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        collection TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, connection_id, collection)
      );

      CREATE TABLE runs (
        tenant TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, id)
      );
      -- Runs in progress are found at start-up without reading every finished one.
      CREATE INDEX runs_by_status ON runs (tenant, status);

      CREATE TABLE checkpoints (
        tenant TEXT NOT NULL,
        run_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, run_id)
      );

      CREATE TABLE dead_letters (
        tenant TEXT NOT NULL,
        id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, id)
      );
      CREATE INDEX dead_letters_by_run ON dead_letters (tenant, run_id);
    `,
  },
  {
    name: 'event flows: queued events, record versions, flow states, seen event ids and webhook secrets',
    sql: `
      -- rowid is the queue's order: the order events were first enqueued.
      CREATE TABLE queued_events (
        tenant TEXT NOT NULL,
        id TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        collection TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, id)
      );
      CREATE INDEX queued_events_by_source ON queued_events (tenant, connection_id, collection);

      CREATE TABLE record_versions (
        tenant TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        collection TEXT NOT NULL,
        record_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, connection_id, collection, record_id)
      );

      CREATE TABLE flow_states (
        tenant TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        collection TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, connection_id, collection)
      );

      CREATE TABLE seen_events (
        tenant TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (tenant, connection_id, event_id)
      );
      -- Expired ids are forgotten by age on every write.
      CREATE INDEX seen_events_by_age ON seen_events (tenant, seen_at);

      -- Kept apart like credentials, and sealed like them when the store has a key.
      CREATE TABLE webhook_secrets (
        tenant TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        plain TEXT,
        sealed BLOB,
        PRIMARY KEY (tenant, connection_id),
        CHECK ((plain IS NULL) <> (sealed IS NULL))
      );
    `,
  },
  {
    name: 'flow runs by data source, so old ones can be pruned',
    sql: `
      -- Set on flow runs only: connection id, a unit separator (U+001F), collection.
      ALTER TABLE runs ADD COLUMN flow_source TEXT;
      UPDATE runs SET flow_source = json_extract(data, '$.dataSource.connectionId') || char(31) || json_extract(data, '$.dataSource.collection')
        WHERE json_extract(data, '$.kind') = 'flow';
      CREATE INDEX runs_by_flow_source ON runs (tenant, flow_source, status) WHERE flow_source IS NOT NULL;
    `,
  },
  {
    name: 'OAuth sign-ins in progress',
    sql: `
      -- Keyed by the sign-in's state; the rest (the PKCE verifier among it) is one JSON
      -- value, plain or sealed like credentials. A row is deleted as it is read.
      CREATE TABLE oauth_sessions (
        tenant TEXT NOT NULL,
        state TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        plain TEXT,
        sealed BLOB,
        PRIMARY KEY (tenant, state),
        CHECK ((plain IS NULL) <> (sealed IS NULL))
      );
      -- Long-expired sign-ins are forgotten by age on every write.
      CREATE INDEX oauth_sessions_by_expiry ON oauth_sessions (tenant, expires_at);
    `,
  },
];

/** Every table that holds a tenant's rows: a tenant holding a row in any of them is listed. */
export const tenantTables = [
  'connections',
  'credentials',
  'mappings',
  'runs',
  'checkpoints',
  'dead_letters',
  'queued_events',
  'record_versions',
  'flow_states',
  'seen_events',
  'webhook_secrets',
  'oauth_sessions',
] as const;

/** Tables of secrets, stored as plain JSON text or sealed, each with the context its values are bound to. */
export const secretTables = ['credentials', 'webhook_secrets', 'oauth_sessions'] as const;
export type SecretTable = (typeof secretTables)[number];

/** The column, besides the tenant, that keys each table of secrets: a sealed value is bound to it. */
export const secretKeyColumns: Readonly<Record<SecretTable, string>> = {
  credentials: 'connection_id',
  webhook_secrets: 'connection_id',
  oauth_sessions: 'state',
};

/** The schema version this code writes. */
export const schemaVersion = migrations.length;

/**
 * Brings the database up to {@link schemaVersion} in one transaction, or
 * leaves it as it was. The version is read inside an immediate transaction,
 * so two processes opening the same new file migrate it once, not twice.
 */
export function migrate(db: SqliteDatabase, path: string): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > schemaVersion) {
      throw new TributaryError({
        code: 'store.schema-too-new',
        class: 'config',
        message: `The database at ${path} has schema version ${current}, newer than the ${schemaVersion} this version of Tributary knows: it was written by a later release. Upgrade Tributary, or open a copy made before the upgrade.`,
      });
    }
    if (current === schemaVersion) return;
    for (const migration of migrations.slice(current)) db.exec(migration.sql);
    // A pragma takes no bound parameters; the version is an integer we computed.
    db.pragma(`user_version = ${schemaVersion}`);
  }).immediate();
}

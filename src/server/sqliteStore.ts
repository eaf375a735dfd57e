import { TributaryError } from '../engine/index.ts';
import { loadSqlite, type SqliteDatabase } from './sqlite/driver.ts';
import { closedError, storeError } from './sqlite/errors.ts';
import { migrate, secretKeyColumns, secretTables, tenantTables } from './sqlite/migrations.ts';
import { createSealer, type Sealer } from './sqlite/sealing.ts';
import { createTenantStore, prepareStatements, secretContext, type SqliteStore } from './sqlite/tenantStore.ts';
import type { TenantStores } from './tenancy.ts';

export type { SqliteStore } from './sqlite/tenantStore.ts';

export interface SqliteStoresOptions {
  /** The database file, created with its schema if missing; `':memory:'` for one that lasts as long as the stores. */
  path: string;
  /**
   * 32 bytes. When given, credentials and webhook secrets are encrypted at
   * rest with AES-256-GCM under this key, each bound to its tenant and
   * connection; those stored in plain text before a key was set are encrypted
   * when the store opens.
   * @default undefined (credentials stored as plain JSON)
   */
  secretKey?: Uint8Array;
}

/** Tenant stores on one SQLite database. */
export interface SqliteTenantStores extends TenantStores {
  forTenant(tenantId: string): SqliteStore;
  /** Closes the database; later calls on any tenant's store fail with `store.closed`. */
  close(): void;
}

/** How long a write waits for another connection's lock before failing as `store.busy`. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * The durable store for a hosted engine: every tenant's connections, runs and
 * checkpoints in one SQLite file, in WAL mode with `synchronous = NORMAL`, so
 * a killed process loses nothing it had written and a restart on the same
 * file resumes its runs. Opening migrates the schema to this version's.
 */
export function createSqliteStores(options: SqliteStoresOptions): SqliteTenantStores {
  const Database = loadSqlite();
  // Checked before the file is touched, so a bad key leaves nothing behind.
  const sealer = options.secretKey === undefined ? undefined : createSealer(options.secretKey);
  const db = open(Database, options.path);
  try {
    configure(db, options.path);
    if (sealer) sealPlainSecrets(db, sealer);
  } catch (thrown) {
    db.close();
    throw storeError(thrown);
  }

  let closed = false;
  const statements = prepareStatements(db);
  const tenantOfConnection = db.prepare<[string], string>('SELECT tenant FROM connections WHERE id = ? ORDER BY rowid LIMIT 1').pluck();
  const listTenants = db.prepare<[], string>(tenantTables.map((table) => `SELECT tenant FROM ${table}`).join(' UNION ') + ' ORDER BY tenant').pluck();
  const stores = new Map<string, SqliteStore>();
  const deps = { db, statements, sealer, isClosed: () => closed };

  const guarded = <T>(read: () => T): Promise<T> => {
    if (closed) return Promise.reject(closedError());
    try {
      return Promise.resolve(read());
    } catch (thrown) {
      return Promise.reject(storeError(thrown));
    }
  };

  return {
    forTenant(tenantId) {
      if (typeof tenantId !== 'string' || tenantId === '') {
        throw new TributaryError({ code: 'store.tenant-invalid', class: 'config', message: 'A tenant id must be a non-empty string.' });
      }
      let store = stores.get(tenantId);
      if (!store) stores.set(tenantId, (store = createTenantStore(tenantId, deps)));
      return store;
    },
    listTenants: () => guarded(() => listTenants.all()),
    // A connection id is unique in practice (the engine makes UUIDs); if two tenants ever held one, the first to write it keeps it.
    tenantOfConnection: (connectionId) => guarded(() => tenantOfConnection.get(connectionId)),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function open(Database: ReturnType<typeof loadSqlite>, path: string): SqliteDatabase {
  try {
    return new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TributaryError({ code: 'store.open-failed', class: 'config', message: `Could not open the SQLite database at ${path}: ${reason}` }, { cause });
  }
}

function configure(db: SqliteDatabase, path: string): void {
  // WAL: readers never block the writer, and a commit is one append. With
  // NORMAL, a killed process loses nothing committed (only a power cut can
  // lose the last commits), at a fraction of FULL's fsyncs per page of an import.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Freed space is zeroed, so replaced credentials do not linger in the file.
  db.pragma('secure_delete = ON');
  migrate(db, path);
}

/**
 * Encrypts secrets written before a key was configured, then truncates the
 * WAL, so turning encryption on leaves no plain secret in either file.
 */
function sealPlainSecrets(db: SqliteDatabase, sealer: Sealer): void {
  const tables = secretTables.map((table) => ({
    table,
    select: db.prepare<[], { tenant: string; key: string; plain: string }>(`SELECT tenant, ${secretKeyColumns[table]} AS key, plain FROM ${table} WHERE plain IS NOT NULL`),
    update: db.prepare(`UPDATE ${table} SET plain = NULL, sealed = ? WHERE tenant = ? AND ${secretKeyColumns[table]} = ?`),
  }));
  const sealed = db.transaction(() => {
    let count = 0;
    for (const { table, select, update } of tables) {
      for (const row of select.all()) {
        update.run(sealer.seal(row.plain, secretContext(table, row.tenant, row.key)), row.tenant, row.key);
        count += 1;
      }
    }
    return count;
  }).immediate();
  if (sealed > 0) db.pragma('wal_checkpoint(TRUNCATE)');
}

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectors, relayCrm } from '../../mocks/index.ts';
import { TributaryError, createEngine, type DeliveryBatch, type Engine, type Store } from '../../src/engine/index.ts';
import { loadSqlite } from '../../src/server/sqlite/driver.ts';
import { createSqliteStores, type SqliteStoresOptions, type SqliteTenantStores } from '../../src/server/sqliteStore.ts';
import { connectRelay, settled } from '../engine/helpers.ts';
import { describeStoreContract, fixtures } from '../store/storeContract.ts';

const dir = mkdtempSync(join(tmpdir(), 'tributary-sqlite-'));
let files = 0;
const newFile = () => join(dir, `store-${++files}.db`);
const opened: SqliteTenantStores[] = [];
const raws: Database.Database[] = [];

function open(options: SqliteStoresOptions): SqliteTenantStores {
  const stores = createSqliteStores(options);
  opened.push(stores);
  return stores;
}

/** A second, plain connection to the file: how an attacker, or an older release, sees it. */
function raw(path: string): Database.Database {
  const db = new Database(path);
  raws.push(db);
  return db;
}

afterEach(() => {
  for (const stores of opened.splice(0)) stores.close();
  for (const db of raws.splice(0)) db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<TributaryError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TributaryError);
  return error as TributaryError;
}

function thrown(action: () => unknown): TributaryError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TributaryError);
    return error as TributaryError;
  }
  throw new Error('expected a TributaryError, nothing was thrown');
}

/** Both files SQLite writes in WAL mode, as bytes. */
function fileBytes(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file)));
}

describeStoreContract('SQLite in memory', () => open({ path: ':memory:' }).forTenant('tenant-a'));
describeStoreContract('SQLite in a file, with credentials sealed', () => open({ path: newFile(), secretKey: randomBytes(32) }).forTenant('tenant-a'));

/** Puts one of everything under ids another tenant will guess. */
async function fill(store: Store, tag: string): Promise<void> {
  await store.putConnection(fixtures.connection('c1', { appName: tag }));
  await store.putCredentials('c1', fixtures.credentials(`key-${tag}`));
  await store.putMapping(fixtures.mapping('c1', 'users', { updatedAt: tag.length }));
  await store.putRun(fixtures.run('run-1', { log: [{ at: 1, level: 'info', message: tag }] }));
  await store.putCheckpoint(fixtures.checkpoint('run-1', { next: { page: 2, seen: 50, cursor: tag } }));
  await store.putDeadLetter(fixtures.deadLetter('dl-1', 'run-1', { attempts: tag.length }));
  await store.enqueueEvents([fixtures.event('e1', { recordId: tag })]);
  await store.putRecordVersions([fixtures.version('r1', { version: tag })]);
  await store.putFlowState(fixtures.flowState('c1', 'users', { importRunId: tag }));
  await store.putSeenEventIds('c1', ['s1'], 1_000, 0);
  await store.putWebhookSecret('c1', `whsec-${tag}`);
}

/** Everything `fill` put, read back through one tenant's store. */
async function contents(store: Store) {
  return {
    connections: await store.listConnections(),
    connection: await store.getConnection('c1'),
    credentials: await store.getCredentials('c1'),
    mapping: await store.getMapping('c1', 'users'),
    runs: await store.listRuns(),
    run: await store.getRun('run-1'),
    checkpoint: await store.getCheckpoint('run-1'),
    deadLetters: await store.listDeadLetters(),
    deadLettersOfRun: await store.listDeadLetters({ runId: 'run-1' }),
    queued: await store.listQueuedEvents('c1', 'users', 10),
    queuedCount: await store.countQueuedEvents('c1', 'users'),
    versions: await store.getRecordVersions('c1', 'users', ['r1']),
    allVersions: await store.listRecordVersions('c1', 'users'),
    flowStates: await store.listFlowStates(),
    flowState: await store.getFlowState('c1', 'users'),
    seen: await store.getSeenEventIds('c1', ['s1']),
    webhookSecret: await store.getWebhookSecret('c1'),
  };
}

describe('the SQLite store, per tenant', () => {
  it('a tenant with nothing of its own reads nothing of another\'s, through every read, given the other\'s ids', async () => {
    const stores = open({ path: newFile() });
    await fill(stores.forTenant('b'), 'b');
    expect(await contents(stores.forTenant('a'))).toEqual({
      connections: [],
      connection: undefined,
      credentials: undefined,
      mapping: undefined,
      runs: [],
      run: undefined,
      checkpoint: undefined,
      deadLetters: [],
      deadLettersOfRun: [],
      queued: [],
      queuedCount: 0,
      versions: [],
      allVersions: [],
      flowStates: [],
      flowState: undefined,
      seen: [],
      webhookSecret: undefined,
    });
    expect(await stores.forTenant('a').listRuns({ status: ['running'] })).toEqual([]);
  });

  it('a tenant writing under the same ids as another never changes what the other holds', async () => {
    const stores = open({ path: newFile(), secretKey: randomBytes(32) });
    await fill(stores.forTenant('b'), 'b');
    const before = await contents(stores.forTenant('b'));
    await fill(stores.forTenant('a'), 'a');
    expect(await contents(stores.forTenant('b'))).toEqual(before);
    // And each reads back its own.
    expect((await contents(stores.forTenant('a'))).credentials).toEqual(fixtures.credentials('key-a'));
    expect((await contents(stores.forTenant('a'))).webhookSecret).toBe('whsec-a');
  });

  it('a tenant deleting, acking or expiring by another\'s ids never removes what the other holds', async () => {
    const stores = open({ path: newFile() });
    await fill(stores.forTenant('b'), 'b');
    const before = await contents(stores.forTenant('b'));
    const a = stores.forTenant('a');
    await a.deleteConnection('c1');
    await a.deleteCheckpoint('run-1');
    await a.deleteDeadLetter('dl-1');
    await a.ackEvents(['e1']);
    // Forgets everything it has seen up to far in the future, which must not reach b's.
    await a.putSeenEventIds('c1', [], Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    expect(await contents(stores.forTenant('b'))).toEqual(before);
  });

  it('lists the tenants that hold anything, and finds the tenant of a connection', async () => {
    const stores = open({ path: ':memory:' });
    stores.forTenant('idle');
    await stores.forTenant('zeta').putConnection(fixtures.connection('c-z'));
    await stores.forTenant('alpha').putRun(fixtures.run('run-1'));
    await stores.forTenant('mid').putWebhookSecret('c-m', 'whsec');
    expect(await stores.listTenants()).toEqual(['alpha', 'mid', 'zeta']);
    expect(await stores.tenantOfConnection('c-z')).toBe('zeta');
    expect(await stores.tenantOfConnection('c-m')).toBeUndefined();
    await stores.forTenant('zeta').deleteConnection('c-z');
    expect(await stores.tenantOfConnection('c-z')).toBeUndefined();
  });

  it('when two tenants hold the same connection id, the one that wrote it first keeps it', async () => {
    const stores = open({ path: ':memory:' });
    await stores.forTenant('first').putConnection(fixtures.connection('c1'));
    await stores.forTenant('second').putConnection(fixtures.connection('c1'));
    await stores.forTenant('first').putConnection(fixtures.connection('c1', { status: 'error' }));
    expect(await stores.tenantOfConnection('c1')).toBe('first');
  });

  it('a tenant cannot take another tenant\'s OAuth sign-in by its state, and the other still can', async () => {
    const stores = open({ path: ':memory:' });
    const session = { state: 'state-1', appId: 'lumen-drive', redirectUri: 'https://host.example/cb', codeVerifier: 'v'.repeat(43), createdAt: 1, expiresAt: 2 };
    await stores.forTenant('a').putOAuthSession(session, 0);
    expect(await stores.forTenant('b').takeOAuthSession('state-1')).toBeUndefined();
    expect(await stores.forTenant('a').takeOAuthSession('state-1')).toEqual(session);
  });

  it('refuses a tenant id that is not a non-empty string', () => {
    const stores = open({ path: ':memory:' });
    expect(thrown(() => stores.forTenant('')).code).toBe('store.tenant-invalid');
    expect(thrown(() => stores.forTenant(undefined as unknown as string)).code).toBe('store.tenant-invalid');
  });
});

describe('the SQLite store on disk', () => {
  it('keeps everything across a close and a reopen of the same file', async () => {
    const path = newFile();
    const key = randomBytes(32);
    const first = open({ path, secretKey: key });
    await fill(first.forTenant('a'), 'a');
    const before = await contents(first.forTenant('a'));
    first.close();
    const again = open({ path, secretKey: key });
    expect(await contents(again.forTenant('a'))).toEqual(before);
    expect(await again.listTenants()).toEqual(['a']);
  });

  it('writes in WAL mode, so the file is readable by another connection while the store is open', async () => {
    const path = newFile();
    const stores = open({ path });
    await stores.forTenant('a').putConnection(fixtures.connection('c1'));
    expect(existsSync(`${path}-wal`)).toBe(true);
    const other = raw(path);
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(other.prepare('SELECT count(*) FROM connections').pluck().get()).toBe(1);
  });

  it('lists runs by status through the index, in the order first written, following status changes', async () => {
    const store = open({ path: ':memory:' }).forTenant('a');
    await store.putRun(fixtures.run('r1', { status: 'succeeded' }));
    await store.putRun(fixtures.run('r2', { status: 'running' }));
    await store.putRun(fixtures.run('r3', { status: 'queued' }));
    await store.putRun(fixtures.run('r4', { status: 'rate-limited' }));
    expect((await store.listRuns({ status: ['queued', 'running', 'rate-limited'] })).map((run) => run.id)).toEqual(['r2', 'r3', 'r4']);
    await store.putRun(fixtures.run('r2', { status: 'failed' }));
    await store.putRun(fixtures.run('r1', { status: 'running' }));
    expect((await store.listRuns({ status: ['running'] })).map((run) => run.id)).toEqual(['r1']);
    expect(await store.listRuns({ status: [] })).toEqual([]);
    expect((await store.listRuns({})).map((run) => run.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('after close, every call fails with a typed error', async () => {
    const stores = open({ path: ':memory:' });
    const store = stores.forTenant('a');
    stores.close();
    stores.close();
    expect((await rejection(store.getConnection('c1'))).code).toBe('store.closed');
    expect((await rejection(store.putRun(fixtures.run('r1')))).code).toBe('store.closed');
    expect((await rejection(stores.listTenants())).code).toBe('store.closed');
  });

  it('a file that cannot be opened fails with a typed error naming the path', () => {
    const path = join(dir, 'no-such-folder', 'store.db');
    const error = thrown(() => createSqliteStores({ path }));
    expect(error.code).toBe('store.open-failed');
    expect(error.message).toContain(path);
  });

  it('without better-sqlite3, says to install it', () => {
    const error = thrown(() => loadSqlite('better-sqlite3-that-is-not-installed'));
    expect(error).toMatchObject({ code: 'store.sqlite-unavailable', class: 'config' });
    expect(error.message).toContain('npm install better-sqlite3');
  });
});

/** The first schema as release 1 wrote it, frozen here: what an upgraded host has on disk. */
const SCHEMA_V1 = `
  CREATE TABLE connections (tenant TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (tenant, id));
  CREATE INDEX connections_by_id ON connections (id);
  CREATE TABLE credentials (tenant TEXT NOT NULL, connection_id TEXT NOT NULL, plain TEXT, sealed BLOB, PRIMARY KEY (tenant, connection_id), CHECK ((plain IS NULL) <> (sealed IS NULL)));
  CREATE TABLE mappings (tenant TEXT NOT NULL, connection_id TEXT NOT NULL, collection TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (tenant, connection_id, collection));
  CREATE TABLE runs (tenant TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (tenant, id));
  CREATE INDEX runs_by_status ON runs (tenant, status);
  CREATE TABLE checkpoints (tenant TEXT NOT NULL, run_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (tenant, run_id));
  CREATE TABLE dead_letters (tenant TEXT NOT NULL, id TEXT NOT NULL, run_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (tenant, id));
  CREATE INDEX dead_letters_by_run ON dead_letters (tenant, run_id);
`;

function writeVersion1(path: string, extraSql = ''): void {
  const db = new Database(path);
  db.exec(SCHEMA_V1 + extraSql);
  db.prepare('INSERT INTO connections VALUES (?, ?, ?)').run('a', 'c1', JSON.stringify(fixtures.connection('c1')));
  db.prepare('INSERT INTO credentials VALUES (?, ?, ?, NULL)').run('a', 'c1', JSON.stringify(fixtures.credentials('old-key')));
  db.prepare('INSERT INTO mappings VALUES (?, ?, ?, ?)').run('a', 'c1', 'users', JSON.stringify(fixtures.mapping('c1', 'users')));
  db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?)').run('a', 'run-1', 'running', JSON.stringify(fixtures.run('run-1')));
  db.prepare('INSERT INTO checkpoints VALUES (?, ?, ?)').run('a', 'run-1', JSON.stringify(fixtures.checkpoint('run-1')));
  db.prepare('INSERT INTO dead_letters VALUES (?, ?, ?, ?)').run('a', 'dl-1', 'run-1', JSON.stringify(fixtures.deadLetter('dl-1', 'run-1')));
  db.pragma('user_version = 1');
  db.close();
}

describe('schema migrations', () => {
  it('given a database written at version 1, migrates it on open and keeps its data', async () => {
    const path = newFile();
    writeVersion1(path);
    const store = open({ path }).forTenant('a');
    expect(await store.getConnection('c1')).toEqual(fixtures.connection('c1'));
    expect(await store.getCredentials('c1')).toEqual(fixtures.credentials('old-key'));
    expect(await store.getMapping('c1', 'users')).toEqual(fixtures.mapping('c1', 'users'));
    expect(await store.listRuns({ status: ['running'] })).toEqual([fixtures.run('run-1')]);
    expect(await store.getCheckpoint('run-1')).toEqual(fixtures.checkpoint('run-1'));
    expect(await store.listDeadLetters({ runId: 'run-1' })).toEqual([fixtures.deadLetter('dl-1', 'run-1')]);
    // The tables the later versions added work.
    await store.enqueueEvents([fixtures.event('e1')]);
    await store.putWebhookSecret('c1', 'whsec');
    expect(await store.countQueuedEvents('c1', 'users')).toBe(1);
    expect(raw(path).pragma('user_version', { simple: true })).toBeGreaterThan(1);
  });

  it('given flow runs written before runs knew their data source, prunes them like new ones', async () => {
    const path = newFile();
    writeVersion1(path);
    const db = raw(path);
    const insert = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?)');
    for (const id of ['f1', 'f2', 'f3']) insert.run('a', id, 'succeeded', JSON.stringify(fixtures.run(id, { kind: 'flow', status: 'succeeded' })));
    db.close();
    const store = open({ path }).forTenant('a');
    const { connectionId, collection } = fixtures.run('f1').dataSource;
    expect((await store.pruneFlowRuns(connectionId, collection, ['succeeded'], 1)).sort()).toEqual(['f1', 'f2']);
    expect((await store.listRuns()).map((run) => run.id)).toEqual(['run-1', 'f3']);
  });

  it('migrates in one transaction: a step that fails leaves the database at its old version, with nothing half-made', async () => {
    const path = newFile();
    // A table in the way of version 2's flow_states, which it creates after queued_events.
    writeVersion1(path, 'CREATE TABLE flow_states (x TEXT);');
    const error = thrown(() => createSqliteStores({ path }));
    expect(error.code).toBe('store.failed');
    const db = raw(path);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'queued_events'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM connections').pluck().get()).toBe(1);
  });

  it('opening the same new file from two stores at once creates the schema once', async () => {
    const path = newFile();
    const first = open({ path });
    const second = open({ path });
    await first.forTenant('a').putConnection(fixtures.connection('c1'));
    expect(await second.forTenant('a').getConnection('c1')).toEqual(fixtures.connection('c1'));
  });

  it('refuses a database written by a newer version, with a typed error, and leaves it untouched', () => {
    const path = newFile();
    const db = new Database(path);
    db.exec('CREATE TABLE from_the_future (x TEXT)');
    db.pragma('user_version = 999');
    db.close();
    const error = thrown(() => createSqliteStores({ path }));
    expect(error).toMatchObject({ code: 'store.schema-too-new', class: 'config' });
    expect(error.message).toContain('999');
    const after = raw(path);
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    expect(after.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'connections'").pluck().get()).toBe(0);
  });
});

describe('secrets at rest', () => {
  it('with a secretKey, neither the credentials\' nor the webhook secret\'s plain text appears anywhere in the database or its WAL', async () => {
    const path = newFile();
    const apiKey = `canary-${randomUUID()}`;
    const password = `canary-${randomUUID()}`;
    const webhookSecret = `canary-${randomUUID()}`;
    const stores = open({ path, secretKey: randomBytes(32) });
    const store = stores.forTenant('a');
    await store.putConnection(fixtures.connection('c1'));
    await store.putCredentials('c1', { type: 'api-key', apiKey });
    await store.putCredentials('c2', { type: 'basic', username: 'ada', password });
    await store.putWebhookSecret('c1', webhookSecret);
    expect(await store.getCredentials('c1')).toEqual({ type: 'api-key', apiKey });
    expect(await store.getWebhookSecret('c1')).toBe(webhookSecret);

    const open_ = fileBytes(path);
    // Something was written (the scan reads real bytes), but no secret.
    expect(open_.includes('Relay CRM')).toBe(true);
    for (const secret of [apiKey, password, webhookSecret]) expect(open_.includes(secret)).toBe(false);
    stores.close();
    const closed = fileBytes(path);
    expect(closed.includes('Relay CRM')).toBe(true);
    for (const secret of [apiKey, password, webhookSecret]) expect(closed.includes(secret)).toBe(false);
  });

  it('with a secretKey, a sign-in\'s PKCE verifier is sealed, bound to its state, and gone from the file once taken', async () => {
    const path = newFile();
    const codeVerifier = `canary-${randomUUID()}-${randomUUID()}`;
    const stores = open({ path, secretKey: randomBytes(32) });
    const session = { state: 'state-1', appId: 'lumen-drive', redirectUri: 'https://host.example/cb', codeVerifier, createdAt: 1, expiresAt: 2 };
    await stores.forTenant('a').putOAuthSession(session, 0);
    await stores.forTenant('a').putOAuthSession({ ...session, state: 'state-2', codeVerifier: 'x'.repeat(43) }, 0);
    expect(fileBytes(path).includes('lumen-drive')).toBe(false);
    expect(fileBytes(path).includes(codeVerifier)).toBe(false);

    const db = raw(path);
    const sealed = db.prepare<[], Buffer>("SELECT sealed FROM oauth_sessions WHERE state = 'state-1'").pluck().get()!;
    db.prepare("UPDATE oauth_sessions SET sealed = ? WHERE state = 'state-2'").run(sealed);
    expect((await rejection(stores.forTenant('a').takeOAuthSession('state-2'))).code).toBe('store.secret-unreadable');
    expect(await stores.forTenant('a').takeOAuthSession('state-1')).toEqual(session);
    expect(db.prepare('SELECT count(*) FROM oauth_sessions').pluck().get()).toBe(0);
  });

  it('sign-ins stored before a key was set are sealed when the store opens with one', async () => {
    const path = newFile();
    const codeVerifier = `canary-${randomUUID()}-${randomUUID()}`;
    const session = { state: 'state-1', appId: 'lumen-drive', redirectUri: 'https://host.example/cb', codeVerifier, createdAt: 1, expiresAt: 2 };
    const plain = open({ path });
    await plain.forTenant('a').putOAuthSession(session, 0);
    plain.close();
    expect(fileBytes(path).includes(codeVerifier)).toBe(true);
    const sealed = open({ path, secretKey: randomBytes(32) });
    expect(fileBytes(path).includes(codeVerifier)).toBe(false);
    expect(await sealed.forTenant('a').takeOAuthSession('state-1')).toEqual(session);
  });

  it('without a secretKey, secrets are stored as they are (the scan above would see them)', async () => {
    const path = newFile();
    const apiKey = `canary-${randomUUID()}`;
    await open({ path }).forTenant('a').putCredentials('c1', { type: 'api-key', apiKey });
    expect(fileBytes(path).includes(apiKey)).toBe(true);
  });

  it('secrets stored before a key was set are sealed when the store opens with one, and no plain copy is left', async () => {
    const path = newFile();
    const webhookSecret = `canary-${randomUUID()}`;
    const plain = open({ path });
    // Enough rows of differing sizes to span pages, so sealing moves cells and frees the old ones.
    const passwords = Array.from({ length: 40 }, () => `canary-${randomUUID()}`);
    for (const [index, password] of passwords.entries()) {
      await plain.forTenant('a').putCredentials(`c${index}`, { type: 'basic', username: 'u'.repeat(index * 7), password });
    }
    await plain.forTenant('a').putWebhookSecret('c1', webhookSecret);
    plain.close();
    expect(passwords.filter((password) => fileBytes(path).includes(password))).toEqual(passwords);

    const sealed = open({ path, secretKey: randomBytes(32) });
    const bytes = fileBytes(path);
    expect(passwords.filter((password) => bytes.includes(password))).toEqual([]);
    expect(bytes.includes(webhookSecret)).toBe(false);
    expect(await sealed.forTenant('a').getCredentials('c39')).toEqual({ type: 'basic', username: 'u'.repeat(39 * 7), password: passwords[39] });
    expect(await sealed.forTenant('a').getWebhookSecret('c1')).toBe(webhookSecret);
  });

  it('a sealed value copied to another connection, tenant or kind of secret fails to decrypt with a typed error', async () => {
    const path = newFile();
    const key = randomBytes(32);
    const stores = open({ path, secretKey: key });
    await stores.forTenant('a').putCredentials('c1', fixtures.credentials('secret-1'));
    await stores.forTenant('a').putCredentials('c2', fixtures.credentials('secret-2'));
    await stores.forTenant('b').putCredentials('c1', fixtures.credentials('secret-3'));
    await stores.forTenant('a').putWebhookSecret('c1', 'whsec');

    const db = raw(path);
    const sealedOf = db.prepare<[string, string], Buffer>('SELECT sealed FROM credentials WHERE tenant = ? AND connection_id = ?').pluck();
    const a1 = sealedOf.get('a', 'c1')!;
    db.prepare('UPDATE credentials SET sealed = ? WHERE tenant = ? AND connection_id = ?').run(a1, 'a', 'c2');
    db.prepare('UPDATE credentials SET sealed = ? WHERE tenant = ? AND connection_id = ?').run(a1, 'b', 'c1');
    db.prepare('UPDATE webhook_secrets SET sealed = ? WHERE tenant = ? AND connection_id = ?').run(a1, 'a', 'c1');

    expect(await stores.forTenant('a').getCredentials('c1')).toEqual(fixtures.credentials('secret-1'));
    for (const read of [stores.forTenant('a').getCredentials('c2'), stores.forTenant('b').getCredentials('c1'), stores.forTenant('a').getWebhookSecret('c1')]) {
      const error = await rejection(read);
      expect(error.code).toBe('store.secret-unreadable');
      expect(error.message).not.toContain('secret-1');
    }
  });

  it('an altered sealed value fails to decrypt with a typed error', async () => {
    const path = newFile();
    const stores = open({ path, secretKey: randomBytes(32) });
    await stores.forTenant('a').putCredentials('c1', fixtures.credentials('secret-1'));
    const db = raw(path);
    const sealed = db.prepare<[], Buffer>('SELECT sealed FROM credentials').pluck().get()!;
    sealed.writeUInt8(sealed.readUInt8(sealed.length - 1) ^ 1, sealed.length - 1);
    db.prepare('UPDATE credentials SET sealed = ?').run(sealed);
    expect((await rejection(stores.forTenant('a').getCredentials('c1'))).code).toBe('store.secret-unreadable');
  });

  it('opened with another key, or none, sealed secrets are refused with typed errors', async () => {
    const path = newFile();
    const first = open({ path, secretKey: randomBytes(32) });
    await first.forTenant('a').putCredentials('c1', fixtures.credentials('secret-1'));
    first.close();
    const wrongKey = open({ path, secretKey: randomBytes(32) });
    expect((await rejection(wrongKey.forTenant('a').getCredentials('c1'))).code).toBe('store.secret-unreadable');
    wrongKey.close();
    const noKey = open({ path });
    expect((await rejection(noKey.forTenant('a').getCredentials('c1'))).code).toBe('store.secret-key-required');
  });

  it('refuses a secretKey that is not 32 bytes, before creating the file', () => {
    const path = newFile();
    expect(thrown(() => createSqliteStores({ path, secretKey: randomBytes(16) })).code).toBe('store.secret-key-invalid');
    expect(existsSync(path)).toBe(false);
  });
});

describe('an import on the SQLite store', () => {
  /** Delivers until `stopAfter` batches were acknowledged, then holds the next one until the run is aborted. */
  function receiver(stopAfter = Number.POSITIVE_INFINITY) {
    const records: string[] = [];
    let batches = 0;
    let reachedStop!: () => void;
    const stopped = new Promise<void>((resolve) => (reachedStop = resolve));
    const destination = async (batch: DeliveryBatch, { signal }: { signal: AbortSignal }) => {
      if (batches === stopAfter) {
        reachedStop();
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      }
      batches += 1;
      records.push(...batch.records.map((record) => record.id));
    };
    return { records, destination, stopped };
  }

  const engineOn = (store: Store, destination: ReturnType<typeof receiver>['destination']): Engine =>
    createEngine({ connectors, destination, store, progressIntervalMs: 0 });

  it('stopped after two pages and reopened on the same file, goes on from its checkpoint and every record arrives once', async () => {
    const path = newFile();
    const key = randomBytes(32);
    const first = receiver(2);
    const stores1 = open({ path, secretKey: key });
    const engine1 = engineOn(stores1.forTenant('a'), first.destination);
    const connection = await connectRelay(engine1);
    const run = await engine1.startImport({ connectionId: connection.id, dataModel: 'users' });
    await first.stopped;
    await engine1.dispose();
    stores1.close();
    expect(first.records).toHaveLength(100);

    const second = receiver();
    const stores2 = open({ path, secretKey: key });
    const checkpoint = await stores2.forTenant('a').getCheckpoint(run.id);
    expect(checkpoint).toMatchObject({ next: { page: 3, seen: 100 }, counters: { delivered: 100 } });
    const engine2 = engineOn(stores2.forTenant('a'), second.destination);
    expect((await engine2.getRun({ runId: run.id })).status).toBe('cancelled');
    await engine2.resumeRun({ runId: run.id });
    const done = await settled(engine2, run.id);
    await engine2.dispose();

    expect(done.status).toBe('succeeded');
    expect(done.counters).toMatchObject({ pages: 6, fetched: relayCrm.userCount, delivered: relayCrm.userCount });
    // It went on from page 3: nothing delivered before the stop was delivered again.
    expect(second.records[0]).toBe('usr_0101');
    const all = [...first.records, ...second.records];
    expect(all).toHaveLength(relayCrm.userCount);
    expect(new Set(all).size).toBe(relayCrm.userCount);
  });

  it('when the process stops answering mid-import, a new engine on the same file resumes the run by itself', async () => {
    const path = newFile();
    const first = receiver(3);
    const stores1 = open({ path });
    const engine1 = engineOn(stores1.forTenant('a'), first.destination);
    const connection = await connectRelay(engine1);
    const run = await engine1.startImport({ connectionId: connection.id, collection: 'users' });
    await first.stopped;

    // The first process is wedged in a delivery, its run still `running` in the file; a new one starts on it.
    const second = receiver();
    const stores2 = open({ path });
    expect(await stores2.forTenant('a').listRuns({ status: ['running'] })).toHaveLength(1);
    const engine2 = engineOn(stores2.forTenant('a'), second.destination);
    const done = await settled(engine2, run.id);
    await engine2.dispose();
    // The old process goes away for good; nothing it tries to write lands.
    stores1.close();
    await engine1.dispose();

    expect(done.status).toBe('succeeded');
    expect(second.records[0]).toBe('usr_0151');
    const all = [...first.records, ...second.records];
    expect(all).toHaveLength(relayCrm.userCount);
    expect(new Set(all).size).toBe(relayCrm.userCount);
    const reopened = open({ path });
    expect(await reopened.forTenant('a').getRun(run.id)).toMatchObject({ status: 'succeeded', counters: { delivered: relayCrm.userCount } });
    expect(await reopened.forTenant('a').getCredentials(connection.id)).toEqual({ type: 'api-key', apiKey: relayCrm.apiKey });
  });
});

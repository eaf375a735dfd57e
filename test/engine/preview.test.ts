import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { harborHr, relayCrmConnector, relayCrmHandlers, taskwise } from '../../mocks/index.ts';
import { createSimulatedClock, TributaryError, type CompiledMapping, type Engine, type EngineOptions } from '../../src/engine/index.ts';
import { previewRows } from '../../src/engine/mapping/preview.ts';
import { server } from '../setup/msw.ts';
import { connectRelay, setup } from './helpers.ts';

/** An engine whose requests to the apps are listed, by path. */
function counted(options: Partial<EngineOptions> = {}) {
  const requests: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    requests.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return globalThis.fetch(input, init);
  };
  return { ...setup({ fetch, ...options }), requests };
}

const fullName = { template: '{{first_name}} {{last_name}}' };

interface RelayUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
}

async function relayUsers(engine: Engine) {
  const connection = await connectRelay(engine);
  return { connection, ref: { connectionId: connection.id, dataModel: 'users' } };
}

describe('mapping preview', () => {
  it('applies the mapping to records of the first page: input beside output, with the record id', async () => {
    const { engine } = setup();
    const { ref } = await relayUsers(engine);
    const preview = await engine.previewMapping({ ...ref, mapping: { fields: { id: { path: 'id' }, name: fullName, email: { path: 'email' }, title: { constant: 'Staff' } } } });
    expect(preview.issues).toEqual([]);
    expect(preview.rows.map((row) => row.recordId)).toEqual(['usr_0001', 'usr_0002', 'usr_0003', 'usr_0004', 'usr_0005']);
    for (const row of preview.rows) {
      const input = row.input as RelayUser;
      expect(row.output).toEqual({ id: input.id, name: `${input.first_name} ${input.last_name}`, email: input.email, title: 'Staff' });
      expect(row.errors).toEqual([]);
    }
  });

  it('given no mapping, previews the current one: the saved one once there is one', async () => {
    const { engine } = setup();
    const { ref } = await relayUsers(engine);
    const byDefault = await engine.previewMapping(ref);
    const first = byDefault.rows[0]?.input as RelayUser;
    expect(byDefault.rows[0]?.output).toMatchObject({ name: `${first.first_name} ${first.last_name}` });
    await engine.saveFieldMapping({ ...ref, mapping: { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } } });
    expect((await engine.previewMapping(ref)).rows[0]?.output).toEqual({ id: first.id, name: first.email, email: first.email });
  });

  it('shows a record that cannot be mapped with its field errors and no output', async () => {
    const { engine } = setup();
    const { ref } = await relayUsers(engine);
    const preview = await engine.previewMapping({ ...ref, mapping: { fields: { id: { path: 'id' }, name: { path: 'nickname' }, email: { path: 'email' } } }, limit: 2 });
    expect(preview.rows).toHaveLength(2);
    for (const row of preview.rows) {
      expect(row.output).toBeUndefined();
      expect(row.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
      expect(row.recordId).toBe((row.input as RelayUser).id);
    }
  });

  it('given an invalid mapping, returns its issues with paths and no rows, without asking the app', async () => {
    const { engine, requests } = counted();
    const { ref } = await relayUsers(engine);
    requests.length = 0;
    const preview = await engine.previewMapping({ ...ref, mapping: { fields: { id: { path: 'id' }, email: { path: 'a..b' }, shoeSize: { constant: 42 } } } });
    expect(preview.rows).toEqual([]);
    expect(preview.issues.map((issue) => issue.path).sort()).toEqual(['mapping.fields.email.path', 'mapping.fields.name', 'mapping.fields.shoeSize']);
    // Not even a mapping of the wrong shape makes it throw.
    const shapeless = await engine.previewMapping({ ...ref, mapping: { fields: 'all' } as never });
    expect(shapeless).toEqual({ rows: [], issues: [expect.objectContaining({ path: 'mapping.fields' })] });
    expect(requests).toEqual([]);
  });

  it('previews 5 records by default and between 1 and 20 whatever the limit asked', async () => {
    const { engine } = setup();
    const { ref } = await relayUsers(engine);
    const count = async (limit?: number) => (await engine.previewMapping({ ...ref, ...(limit !== undefined ? { limit } : {}) })).rows.length;
    expect(await count()).toBe(5);
    expect(await count(12)).toBe(12);
    expect(await count(100)).toBe(20);
    expect(await count(0)).toBe(1);
    expect(await count(-3)).toBe(1);
    expect(await count(2.9)).toBe(2);
    expect(await count(Number.NaN)).toBe(5);
  });

  it("reads the record id from the collection's own id path", async () => {
    const { engine } = setup();
    const connection = await engine.connect({ appId: taskwise.appId, credentials: taskwise.credentials });
    const preview = await engine.previewMapping({ connectionId: connection.id, dataModel: 'users', limit: 3 });
    expect(preview.rows.map((row) => row.recordId)).toEqual(preview.rows.map((row) => (row.input as { gid: string }).gid));
    expect(preview.rows[0]?.recordId).toMatch(/^\d+$/);
  });

  it('previews a collection without a data model against its own fields', async () => {
    const { engine } = setup();
    const connection = await engine.connect({ appId: harborHr.appId, credentials: harborHr.credentials });
    const preview = await engine.previewMapping({ connectionId: connection.id, collection: 'departments', limit: 2 });
    expect(preview.issues).toEqual([]);
    expect(preview.rows.map((row) => row.output)).toEqual(preview.rows.map((row) => row.input));
  });

  it('given credentials the app stopped accepting, throws the typed auth error and marks the connection needs-reauth', async () => {
    const { engine } = setup();
    const { connection, ref } = await relayUsers(engine);
    server.use(...relayCrmHandlers({ failPage: { page: 1, status: 401 } }));
    const error = await engine.previewMapping(ref).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error).toMatchObject({ class: 'auth', code: 'auth.invalid-credentials', status: 401 });
    expect((await engine.listConnections()).find((item) => item.id === connection.id)?.status).toBe('needs-reauth');
    await expect(engine.previewMapping(ref)).rejects.toMatchObject({ class: 'auth', code: 'connection.not-ready' });
  });

  it('given an app that fails, throws its typed error', async () => {
    const { engine } = setup({ retry: { maxAttempts: 1 } });
    const { ref } = await relayUsers(engine);
    server.use(...relayCrmHandlers({ failPage: { page: 1, status: 503 } }));
    await expect(engine.previewMapping(ref)).rejects.toMatchObject({ class: 'transient', status: 503 });
    expect((await engine.listConnections())[0]?.status).toBe('connected');
  });

  it('given an app that never answers, gives up after 30 s with a typed transient error', async () => {
    const clock = createSimulatedClock();
    const { engine } = setup({ clock, requestTimeoutMs: 120_000 });
    const { ref } = await relayUsers(engine);
    server.use(http.get(`${relayCrmConnector.baseUrl}/users`, () => new Promise<never>(() => undefined)));
    const started = clock.now();
    await expect(clock.run(engine.previewMapping(ref))).rejects.toMatchObject({ code: 'source.sample-timeout', class: 'transient' });
    expect(clock.now() - started).toBe(30_000);
    // Suggestions go on from names alone.
    expect((await clock.run(engine.suggestMapping(ref))).sampled).toBe(0);
    expect((await engine.listConnections())[0]?.status).toBe('connected');
  });

  it('shows fields a mapping sent as null beside the output, as errors', () => {
    const records = [{ key: 'a', size: 'big' }, { key: 7 }, { size: 1 }];
    const mapping: CompiledMapping = (record) => {
      const { key, size } = record as { key?: unknown; size?: unknown };
      if (key === undefined) return { ok: false, errors: [{ field: 'key', message: 'is required but empty' }] };
      return typeof size === 'string'
        ? { ok: true, value: { key, size: null }, nulled: [{ field: 'size', message: 'is not a number' }] }
        : { ok: true, value: { key } };
    };
    expect(previewRows(mapping, records, 'key')).toEqual([
      { recordId: 'a', input: records[0], output: { key: 'a', size: null }, errors: [{ field: 'size', message: 'is not a number' }] },
      { recordId: '7', input: records[1], output: { key: 7 }, errors: [] },
      { input: records[2], errors: [{ field: 'key', message: 'is required but empty' }] },
    ]);
  });
});

describe('mapping suggestions from the engine', () => {
  it('reads up to 20 records of the first page and suggests for the fields left unmapped', async () => {
    const { engine } = setup();
    const { ref } = await relayUsers(engine);
    const result = await engine.suggestMapping({ ...ref, mapping: { fields: { id: { path: 'id' } } } });
    expect(result.sampled).toBe(20);
    expect(result.threshold).toBe(0.75);
    expect(result.suggestions.map((suggestion) => suggestion.field)).toEqual(['name', 'email', 'title', 'createdAt']);
    expect(result.suggestions.find((suggestion) => suggestion.field === 'createdAt')?.candidates[0]).toEqual({
      path: 'created_at',
      confidence: 1,
      reasons: ['same name apart from case, separators or plural', 'both are dates', 'values look like dates'],
    });
    expect(result.prefilled).toEqual({
      fields: { id: { path: 'id' }, email: { path: 'email' }, title: { path: 'job_title' }, createdAt: { path: 'created_at' } },
    });
  });

  it("strips the collection's and the data model's names from field names, and proposes the id path", async () => {
    const { engine } = setup();
    const connection = await engine.connect({ appId: harborHr.appId, credentials: harborHr.credentials });
    const result = await engine.suggestMapping({ connectionId: connection.id, dataModel: 'users', mapping: { fields: {} } });
    expect(result.prefilled.fields).toMatchObject({ id: { path: 'employeeId' }, email: { path: 'workEmail' }, title: { path: 'jobTitle' } });
  });

  it('given an app that fails with anything but an auth error, suggests from names alone', async () => {
    const { engine, requests } = counted({ retry: { maxAttempts: 1 } });
    const { ref } = await relayUsers(engine);
    server.use(...relayCrmHandlers({ failPage: { page: 1, status: 500 } }));
    requests.length = 0;
    const result = await engine.suggestMapping({ ...ref, mapping: { fields: {} } });
    expect(requests).toEqual(['/v1/users']);
    expect(result.sampled).toBe(0);
    expect(result.prefilled.fields).toMatchObject({ id: { path: 'id' }, email: { path: 'email' }, createdAt: { path: 'created_at' } });
    expect(result.suggestions.flatMap((suggestion) => suggestion.candidates.flatMap((candidate) => candidate.reasons))).not.toContain('values look like dates');
  });

  it('given an auth failure, throws it and marks the connection needs-reauth', async () => {
    const { engine } = setup();
    const { connection, ref } = await relayUsers(engine);
    server.use(...relayCrmHandlers({ failPage: { page: 1, status: 403 } }));
    await expect(engine.suggestMapping(ref)).rejects.toMatchObject({ class: 'auth', status: 403 });
    expect((await engine.listConnections()).find((item) => item.id === connection.id)?.status).toBe('needs-reauth');
  });

  it('given a mapping without a fields object, throws a typed validation error', async () => {
    const { engine } = setup();
    const { ref } = await relayUsers(engine);
    await expect(engine.suggestMapping({ ...ref, mapping: { fields: null } as never })).rejects.toMatchObject({
      code: 'mapping.invalid',
      class: 'config',
      issues: [{ path: 'mapping.fields', message: 'must be an object' }],
    });
  });

  it('given an unknown connection or collection, throws not-found errors', async () => {
    const { engine } = setup();
    await expect(engine.suggestMapping({ connectionId: 'missing', dataModel: 'users' })).rejects.toMatchObject({ code: 'connection.not-found' });
    const { connection } = await relayUsers(engine);
    await expect(engine.previewMapping({ connectionId: connection.id, collection: 'deals' })).rejects.toMatchObject({ code: 'collection.not-found' });
  });
});

import { describe, expect, it } from 'vitest';
import { connectors, harborHr, relayCrm } from '../../mocks/index.ts';
import { checkMappingAgainst, createEngine, dataModels, type DefaultMappings, type DeliveredRecord, type Engine, type FieldMapping } from '../../src/engine/index.ts';
import { createEngineHost, createMemoryTenantStores } from '../../src/server/index.ts';
import { connectRelay, settled, setup } from './helpers.ts';

const nameFromEmail: FieldMapping = { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } };
const nameFromLastName: FieldMapping = { fields: { id: { path: 'id' }, name: { path: 'last_name' }, email: { path: 'email' } } };

interface RelayUser {
  id: string;
  last_name: string;
  email: string;
}

/** Imports Relay CRM's users and returns the first delivered record beside its source. */
async function firstImported(engine: Engine, records: () => readonly DeliveredRecord[], connectionId: string) {
  const run = await engine.startImport({ connectionId, dataModel: 'users' });
  expect((await settled(engine, run.id)).status).toBe('succeeded');
  const [first] = records();
  const source = (await engine.previewMapping({ connectionId, dataModel: 'users', limit: 1 })).rows[0]?.input as RelayUser;
  expect(first?.id).toBe(source.id);
  return { data: first && 'data' in first ? first.data : undefined, source };
}

describe('default mappings', () => {
  it("uses the app's default, then the host's over it, then the tenant's saved mapping over both", async () => {
    const plain = setup();
    const plainConnection = await connectRelay(plain.engine);
    const appDefault = await plain.engine.getFieldMapping({ connectionId: plainConnection.id, dataModel: 'users' });
    expect(appDefault).toMatchObject({ isDefault: true, mapping: { fields: { name: { template: '{{first_name}} {{last_name}}' } } } });

    const { engine, receiver } = setup({ defaultMappings: { [relayCrm.appId]: { users: nameFromEmail } } });
    const connection = await connectRelay(engine);
    const ref = { connectionId: connection.id, dataModel: 'users' };
    expect(await engine.getFieldMapping(ref)).toMatchObject({ isDefault: true, mapping: nameFromEmail });
    const hosts = await firstImported(engine, () => receiver.records, connection.id);
    expect(hosts.data).toEqual({ id: hosts.source.id, name: hosts.source.email, email: hosts.source.email });

    await engine.saveFieldMapping({ ...ref, mapping: nameFromLastName });
    expect(await engine.getFieldMapping(ref)).toMatchObject({ isDefault: false, mapping: nameFromLastName });
    receiver.batches.length = 0;
    const tenants = await firstImported(engine, () => receiver.records, connection.id);
    expect(tenants.data).toEqual({ id: tenants.source.id, name: tenants.source.last_name, email: tenants.source.email });
  });

  it('looks a host default up by collection key before data model key, and keeps only fields of the target', async () => {
    const byModel: FieldMapping = { fields: { id: { path: 'employeeId' }, name: { path: 'workEmail' }, email: { path: 'workEmail' }, shoeSize: { constant: 44 } } };
    const byCollection: FieldMapping = { fields: { id: { path: 'employeeId' }, name: { path: 'jobTitle' }, email: { path: 'workEmail' } } };
    const mappingWith = async (defaults: DefaultMappings) => {
      const { engine } = setup({ defaultMappings: defaults });
      const connection = await engine.connect({ appId: harborHr.appId, credentials: harborHr.credentials });
      return (await engine.getFieldMapping({ connectionId: connection.id, dataModel: 'users' })).mapping;
    };
    expect(await mappingWith({ [harborHr.appId]: { users: byModel } })).toEqual({ fields: { id: { path: 'employeeId' }, name: { path: 'workEmail' }, email: { path: 'workEmail' } } });
    expect(await mappingWith({ [harborHr.appId]: { users: byModel, employees: byCollection } })).toEqual(byCollection);
    // Another app's defaults leave this one's alone.
    expect(await mappingWith({ [relayCrm.appId]: { users: nameFromEmail } })).toMatchObject({ fields: { name: { template: '{{name.given}} {{name.family}}' } } });
  });

  it('refuses host defaults for unknown apps or collections, or with malformed expressions, naming each with its path', () => {
    const attempt = () =>
      createEngine({
        connectors,
        destination: async () => undefined,
        defaultMappings: {
          'no-such-app': { users: nameFromEmail },
          [relayCrm.appId]: { deals: nameFromEmail, users: { fields: { id: { path: 'a..b' } } }, contacts: { fields: 'id' } as never },
        },
      });
    expect(attempt).toThrowError(expect.objectContaining({ code: 'engine.invalid-default-mappings', class: 'config' }));
    const paths = (() => {
      try {
        attempt();
        return [];
      } catch (thrown) {
        return ((thrown as { issues?: { path: string }[] }).issues ?? []).map((issue) => issue.path);
      }
    })();
    expect(paths).toEqual(['defaultMappings.no-such-app', 'defaultMappings.relay-crm.deals', 'defaultMappings.relay-crm.users.fields.id.path', 'defaultMappings.relay-crm.contacts.fields']);
  });

  it('ships a default mapping with every mocked collection that names a data model, mapping its required fields', () => {
    const checked = connectors.flatMap((connector) =>
      Object.entries(connector.collections)
        .filter(([, collection]) => collection.dataModel !== undefined)
        .map(([key, collection]) => {
          const model = dataModels.find((candidate) => candidate.key === collection.dataModel);
          const mapping = collection.defaultMapping;
          return { at: `${connector.id}.${key}`, model: model?.key, issues: model && mapping ? checkMappingAgainst(mapping, model.schema) : ['no default mapping'] };
        }),
    );
    expect(checked.length).toBeGreaterThanOrEqual(18);
    expect(checked.filter((entry) => entry.issues.length > 0)).toEqual([]);
  });

  it('lets an engine host give each tenant its own schema and default mappings', async () => {
    const host = createEngineHost({
      stores: createMemoryTenantStores(),
      connectors,
      destination: () => async () => undefined,
      schemas: (tenantId) => (tenantId === 'acme' ? { users: { fields: [{ key: 'id', type: 'string', required: true }, { key: 'login', type: 'string' }] } } : undefined),
      defaultMappings: (tenantId) => (tenantId === 'acme' ? { [relayCrm.appId]: { users: { fields: { id: { path: 'id' }, login: { path: 'email' } } } } } : undefined),
    });
    try {
      const mappingOf = async (tenantId: string) => {
        const engine = host.engineFor(tenantId);
        const connection = await connectRelay(engine);
        return engine.getFieldMapping({ connectionId: connection.id, dataModel: 'users' });
      };
      const acme = await mappingOf('acme');
      expect(acme.target.fields.map((field) => field.key)).toEqual(['id', 'login']);
      expect(acme.mapping).toEqual({ fields: { id: { path: 'id' }, login: { path: 'email' } } });
      const other = await mappingOf('globex');
      expect(other.target.fields.map((field) => field.key)).toEqual(['id', 'name', 'email', 'title', 'createdAt']);
      expect(other.mapping.fields.name).toEqual({ template: '{{first_name}} {{last_name}}' });
    } finally {
      await host.dispose();
    }
  });

  it('lets an engine host give every tenant the same defaults', async () => {
    const host = createEngineHost({
      stores: createMemoryTenantStores(),
      connectors,
      destination: () => async () => undefined,
      defaultMappings: { [relayCrm.appId]: { users: nameFromEmail } },
    });
    try {
      for (const tenantId of ['acme', 'globex']) {
        const engine = host.engineFor(tenantId);
        const connection = await connectRelay(engine);
        expect((await engine.getFieldMapping({ connectionId: connection.id, dataModel: 'users' })).mapping).toEqual(nameFromEmail);
      }
    } finally {
      await host.dispose();
    }
  });
});

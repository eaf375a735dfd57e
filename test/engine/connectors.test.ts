import { describe, expect, it } from 'vitest';
import { createEngine, TributaryError, validateConnector } from '../../src/engine/index.ts';
import { connectors, relayCrmConnector } from '../../mocks/index.ts';

/** A deep copy of Relay CRM's definition with values replaced at dotted paths. */
function broken(changes: Record<string, unknown>): unknown {
  const copy = structuredClone(relayCrmConnector) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, copy);
    parent[last] = value;
  }
  return copy;
}

function problems(definition: unknown) {
  try {
    validateConnector(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(TributaryError);
    const typed = error as TributaryError;
    expect(typed.code).toBe('connector.invalid');
    expect(typed.class).toBe('config');
    return typed.issues ?? [];
  }
  throw new Error('expected the definition to be rejected');
}

describe('connector definitions', () => {
  it('accepts every mocked app definition as it is', () => {
    for (const connector of connectors) expect(validateConnector(connector)).toEqual(connector);
  });

  it('given several problems, reports every one with its path', () => {
    const definition = broken({
      id: 'Relay CRM',
      baseUrl: 'not a url',
      auth: { type: 'api-key', in: 'cookie', name: 'Authorization' },
      'collections.users.list.pagination': { type: 'cursor', param: { in: 'query', name: 'cursor' } },
    });
    const paths = problems(definition).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['id', 'baseUrl', 'auth.in', 'collections.users.list.pagination']),
    );
  });

  it('rejects an unknown pagination type naming the allowed ones', () => {
    const [issue] = problems(broken({ 'collections.contacts.list.pagination': { type: 'telepathy' } }));
    expect(issue?.path).toBe('collections.contacts.list.pagination.type');
    expect(issue?.message).toContain('"cursor"');
  });

  it('rejects paths that reach for the prototype', () => {
    const definition = broken({
      'collections.users.list.idPath': '__proto__.polluted',
      'collections.users.defaultMapping.fields.email': { path: 'constructor.prototype' },
    });
    const paths = problems(definition).map((issue) => issue.path);
    expect(paths).toEqual(['collections.users.list.idPath', 'collections.users.defaultMapping.fields.email.path']);
  });

  it('refuses to start an engine with an invalid or duplicate connector', () => {
    const destination = async () => {};
    expect(() => createEngine({ connectors: [{ ...relayCrmConnector, baseUrl: 'ftp://x' }], destination })).toThrow(/baseUrl/);
    expect(() => createEngine({ connectors: [relayCrmConnector, relayCrmConnector], destination })).toThrow(/share the id/);
  });
});

import { describe, expect, it } from 'vitest';
import { createEngine, TributaryError, validateConnector } from '../../src/engine/index.ts';
import { connectors, relayCrmConnector } from '../../mocks/index.ts';

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
    const broken = structuredClone(relayCrmConnector) as unknown as Record<string, any>;
    broken.id = 'Relay CRM';
    broken.baseUrl = 'not a url';
    broken.auth = { type: 'api-key', in: 'cookie', name: 'Authorization' };
    broken.collections.users.list.pagination = { type: 'cursor', param: { in: 'query', name: 'cursor' } };
    const paths = problems(broken).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['id', 'baseUrl', 'auth.in', 'collections.users.list.pagination.cursorPath']),
    );
  });

  it('rejects an unknown pagination type naming the allowed ones', () => {
    const broken = structuredClone(relayCrmConnector) as unknown as Record<string, any>;
    broken.collections.contacts.list.pagination = { type: 'telepathy' };
    const [issue] = problems(broken);
    expect(issue?.path).toBe('collections.contacts.list.pagination.type');
    expect(issue?.message).toContain('"cursor"');
  });

  it('rejects paths that reach for the prototype', () => {
    const broken = structuredClone(relayCrmConnector) as unknown as Record<string, any>;
    broken.collections.users.list.idPath = '__proto__.polluted';
    broken.collections.users.defaultMapping.fields.email = { path: 'constructor.prototype' };
    const paths = problems(broken).map((issue) => issue.path);
    expect(paths).toEqual(['collections.users.list.idPath', 'collections.users.defaultMapping.fields.email.path']);
  });

  it('refuses to start an engine with an invalid or duplicate connector', () => {
    const destination = async () => {};
    expect(() => createEngine({ connectors: [{ ...relayCrmConnector, baseUrl: 'ftp://x' }], destination })).toThrow(/baseUrl/);
    expect(() => createEngine({ connectors: [relayCrmConnector, relayCrmConnector], destination })).toThrow(/share the id/);
  });
});

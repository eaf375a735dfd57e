import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMappingAgainst, compileMapping, type FieldMapping, type TargetSchema } from '../../src/engine/index.ts';
import { connectRelay, setup } from './helpers.ts';

const target: TargetSchema = {
  fields: [
    { key: 'id', type: 'string', required: true },
    { key: 'name', type: 'string', required: true },
    { key: 'email', type: 'string' },
    { key: 'tier', type: 'string' },
  ],
};

describe('field mappings', () => {
  it('maps paths into nested objects and arrays, templates and constants', () => {
    const map = compileMapping(
      { fields: { id: { path: 'id' }, name: { template: '{{ name.first }} {{name.last}}' }, email: { path: 'emails[1].value' }, tier: { constant: 'gold' } } },
      target,
    );
    expect(map({ id: 7, name: { first: 'Ada', last: 'Lovelace' }, emails: [{ value: 'a@x' }, { value: 'b@x' }] })).toEqual({
      ok: true,
      value: { id: 7, name: 'Ada Lovelace', email: 'b@x', tier: 'gold' },
    });
  });

  it('given a template with a missing part, drops the gap instead of leaving stray spaces', () => {
    const map = compileMapping({ fields: { id: { path: 'id' }, name: { template: '{{first}} {{middle}} {{last}}' } } }, target);
    expect(map({ id: '1', first: 'Ada', last: 'Lovelace' })).toEqual({ ok: true, value: { id: '1', name: 'Ada Lovelace' } });
  });

  it('trims what a template makes, whether the space comes from its text or from a value', () => {
    const map = compileMapping({ fields: { id: { path: 'id' }, name: { template: ' {{first}} {{last}}\t' } } }, target);
    expect(map({ id: '1', first: 'Ada', last: 'Lovelace' })).toEqual({ ok: true, value: { id: '1', name: 'Ada Lovelace' } });
    const bare = compileMapping({ fields: { id: { path: 'id' }, name: { template: '{{first}}-{{n}}' } } }, target);
    expect(bare({ id: '1', first: '  Ada', n: 7 })).toEqual({ ok: true, value: { id: '1', name: 'Ada-7' } });
    expect(bare({ id: '1', first: 'Ada', n: '7 ' })).toEqual({ ok: true, value: { id: '1', name: 'Ada-7' } });
    expect(bare({ id: '1', first: 'Ada', n: '7\u00a0' })).toEqual({ ok: true, value: { id: '1', name: 'Ada-7' } });
  });

  it('reports each empty required field by name', () => {
    const map = compileMapping({ fields: { id: { path: 'id' }, name: { path: 'name' } } }, target);
    expect(map({ id: '', name: null })).toEqual({
      ok: false,
      errors: [
        { field: 'id', message: 'is required but source field "id" is empty' },
        { field: 'name', message: 'is required but source field "name" is empty' },
      ],
    });
  });

  it('never reads or writes the prototype, whatever the record or target keys', () => {
    const hostile: TargetSchema = { fields: [{ key: '__proto__', type: 'string' }, { key: 'id', type: 'string', required: true }] };
    const map = compileMapping({ fields: { id: { path: 'id' }, __proto__: { constant: 'polluted' } } as FieldMapping['fields'] }, hostile);
    const record = JSON.parse('{"id":"1","__proto__":{"polluted":true}}') as unknown;
    const result = map(record);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.ok ? result.value : null)).toBe(Object.prototype);
    expect(checkMappingAgainst({ fields: { id: { path: 'constructor.prototype' } } }, target).map((issue) => issue.path)).toEqual([
      'mapping.fields.id.path',
      'mapping.fields.name',
    ]);
  });

  it('for any record and any mapping of plain paths, agrees with a naive reading of the record', () => {
    // Names Object.prototype holds too, read only when the record has them; and more fields than there are read sites.
    const key = fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/).filter((k) => !['constructor', 'prototype'].includes(k)),
      fc.constantFrom('toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'),
    );
    fc.assert(
      fc.property(fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.dictionary(key, fc.string()))), fc.array(fc.tuple(key, fc.option(key, { nil: undefined })), { maxLength: 40 }), (record, picks) => {
        const fields: FieldMapping['fields'] = {};
        const schema: TargetSchema = { fields: [] };
        picks.forEach(([outer, inner], index) => {
          fields[`f${index}`] = { path: inner ? `${outer}.${inner}` : outer };
          schema.fields.push({ key: `f${index}`, type: 'string' });
        });
        const result = compileMapping({ fields }, schema)(record);
        const expected: Record<string, unknown> = {};
        picks.forEach(([outer, inner], index) => {
          const top = Object.hasOwn(record, outer) ? record[outer] : undefined;
          const value = inner === undefined ? top : top !== null && typeof top === 'object' && Object.hasOwn(top, inner) ? (top as Record<string, unknown>)[inner] : undefined;
          if (!(value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))) expected[`f${index}`] = value;
        });
        expect(result).toEqual({ ok: true, value: expected });
      }),
    );
  });

  it('serves the app\'s default mapping until the tenant saves one, then validates and keeps it', async () => {
    const { engine } = setup();
    const connection = await connectRelay(engine);
    const ref = { connectionId: connection.id, dataModel: 'users' };
    const initial = await engine.getFieldMapping(ref);
    expect(initial.isDefault).toBe(true);
    expect(initial.target.fields.map((field) => field.key)).toEqual(['id', 'name', 'email', 'title', 'createdAt']);
    expect(initial.mapping.fields.name).toEqual({ template: '{{first_name}} {{last_name}}' });

    const invalid = { fields: { id: { path: 'id' }, email: { path: 'email' }, shoeSize: { constant: 42 } } };
    await expect(engine.saveFieldMapping({ ...ref, mapping: invalid })).rejects.toMatchObject({
      code: 'mapping.invalid',
      issues: [
        { path: 'mapping.fields.shoeSize', message: 'is not a field of the target schema' },
        { path: 'mapping.fields.name', message: 'is required by the target schema but not mapped' },
      ],
    });
    await expect(engine.saveFieldMapping({ ...ref, mapping: { fields: { id: { sql: 'drop' } } } as never })).rejects.toMatchObject({ code: 'mapping.invalid' });

    const mapping = { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } };
    const saved = await engine.saveFieldMapping({ ...ref, mapping });
    expect(saved).toMatchObject({ isDefault: false, mapping });
    expect(await engine.getFieldMapping({ connectionId: connection.id, collection: 'users' })).toMatchObject({ isDefault: false, mapping });
  });

  it('uses the host\'s own schema for a data model when it gives one', async () => {
    const { engine } = setup({ schemas: { users: { fields: [{ key: 'externalId', type: 'string', required: true }, { key: 'email', type: 'string', required: true }] } } });
    const connection = await connectRelay(engine);
    const state = await engine.getFieldMapping({ connectionId: connection.id, dataModel: 'users' });
    expect(state.target.fields.map((field) => field.key)).toEqual(['externalId', 'email']);
    expect(state.mapping).toEqual({ fields: { email: { path: 'email' } } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMapping, compileMapping, type FieldExpression, type FieldMapping, type TargetSchema } from '../../src/engine/index.ts';
import { connectRelay, setup } from './helpers.ts';

/** A target with the given optional fields, and `id` required. */
function targetOf(...optional: string[]): TargetSchema {
  return { fields: [{ key: 'id', type: 'string', required: true }, ...optional.map((key) => ({ key, type: 'string' as const }))] };
}

/** Maps one record through one optional field `out`, with `id` from the record. */
function mapOne(expression: FieldExpression, record: Record<string, unknown>, onError?: FieldMapping['onError']) {
  return compileMapping({ fields: { id: { path: 'id' }, out: expression }, ...(onError ? { onError } : {}) }, targetOf('out'))({ id: '1', ...record });
}

/** What `out` became: its value, `absent` when not sent, or the error message. */
function out(expression: FieldExpression, record: Record<string, unknown>): unknown {
  const result = mapOne(expression, record);
  if (!result.ok) return { error: result.errors.map((error) => error.message).join('; ') };
  return Object.hasOwn(result.value, 'out') ? result.value.out : 'absent';
}

/** Everything on Object.prototype, to compare before and after hostile input. */
function prototypeSnapshot() {
  return Object.getOwnPropertyNames(Object.prototype)
    .sort()
    .map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)?.value]);
}

describe('mapping expressions', () => {
  describe('path', () => {
    it('reads nested objects and array elements, own properties only', () => {
      const record = { address: { city: 'Lisbon' }, emails: [{ value: 'a@x.io' }, { value: 'b@x.io' }], tags: ['x', 'y'] };
      expect(out({ path: 'address.city' }, record)).toBe('Lisbon');
      expect(out({ path: 'emails[1].value' }, record)).toBe('b@x.io');
      expect(out({ path: 'tags[0]' }, record)).toBe('x');
      expect(out({ path: 'tags.1' }, record)).toBe('y');
      expect(out({ path: 'emails[2].value' }, record)).toBe('absent');
      expect(out({ path: 'address.city.length' }, record)).toBe('absent');
      expect(out({ path: 'address.toString' }, record)).toBe('absent');
      expect(out({ path: 'tags.map' }, record)).toBe('absent');
      expect(out({ path: 'address' }, record)).toEqual({ city: 'Lisbon' });
    });

    it('maps over an array with [*], leaving empty values out; none at all is empty', () => {
      const record = { emails: [{ value: 'a@x.io' }, { value: '' }, {}, { value: null }, { value: 'b@x.io' }], none: [], text: 'abc', people: [{ phones: ['1', '2'] }, { phones: [] }, { phones: ['3'] }] };
      expect(out({ path: 'emails[*].value' }, record)).toEqual(['a@x.io', 'b@x.io']);
      expect(out({ path: 'none[*].value' }, record)).toBe('absent');
      expect(out({ path: 'emails[*].missing' }, record)).toBe('absent');
      expect(out({ path: 'text[*]' }, record)).toBe('absent');
      expect(out({ path: 'missing[*]' }, record)).toBe('absent');
      // Each [*] flattens one level.
      expect(out({ path: 'people[*].phones[*]' }, record)).toEqual(['1', '2', '3']);
      expect(out({ path: 'people[*].phones' }, record)).toEqual([['1', '2'], [], ['3']]);
      expect(out({ path: 'people[0].phones[*]' }, record)).toEqual(['1', '2']);
    });

    it('maps over a record that is itself a list', () => {
      const map = compileMapping({ fields: { names: { path: '[*].name' }, first: { path: '[0].name' } } }, { fields: [{ key: 'names', type: 'array' }, { key: 'first', type: 'string' }] });
      expect(map([{ name: 'a' }, { name: 'b' }])).toEqual({ ok: true, value: { names: ['a', 'b'], first: 'a' } });
    });

    it('keeps falsy values that are not empty: 0, false and an empty list or object', () => {
      expect(out({ path: 'n' }, { n: 0 })).toBe(0);
      expect(out({ path: 'b' }, { b: false })).toBe(false);
      expect(out({ path: 'l' }, { l: [] })).toEqual([]);
      expect(out({ path: 'o' }, { o: {} })).toEqual({});
    });
  });

  describe('constant', () => {
    it('gives text, numbers and booleans as they are; null is empty and so not sent', () => {
      expect(out({ constant: 'gold' }, {})).toBe('gold');
      expect(out({ constant: 0 }, {})).toBe(0);
      expect(out({ constant: false }, {})).toBe(false);
      expect(out({ constant: null }, {})).toBe('absent');
      expect(compileMapping({ fields: { id: { constant: null } } }, targetOf())({})).toEqual({ ok: false, errors: [{ field: 'id', message: 'is required but constant is empty' }] });
    });
  });

  describe('template', () => {
    it('joins a [*] placeholder\'s values with commas, and coerces what the template makes', () => {
      expect(out({ template: 'Tags: {{tags[*]}}' }, { tags: ['a', '', 'b', 3] })).toBe('Tags: a, b, 3');
      expect(out({ template: 'Tags: {{tags[*]}}' }, { tags: [] })).toBe('Tags:');
      expect(out({ template: '{{y}}-{{m}}-{{d}}', as: 'date' }, { y: '2024', m: '03', d: '01' })).toBe('2024-03-01T00:00:00.000Z');
      expect(out({ template: '{{y}}-{{m}}-{{d}}', as: 'date' }, { y: '2024', m: '02', d: '31' })).toEqual({ error: 'cannot be read as a date: "2024-02-31"' });
    });
  });

  describe('firstOf', () => {
    const choice: FieldExpression = { firstOf: [{ path: 'work_email' }, { path: 'emails[*].value' }, { constant: 'none@example.com' }] };

    it('gives the first choice that is not empty', () => {
      expect(out(choice, { work_email: 'w@x.io', emails: [{ value: 'p@x.io' }] })).toBe('w@x.io');
      expect(out(choice, { work_email: '  ', emails: [{ value: 'p@x.io' }] })).toEqual(['p@x.io']);
      expect(out(choice, { work_email: null, emails: [] })).toBe('none@example.com');
    });

    it('is empty when every choice is, and says so for a required field', () => {
      const map = compileMapping({ fields: { id: { firstOf: [{ path: 'id' }, { path: 'uuid' }] } } }, targetOf());
      expect(map({ uuid: 'u1' })).toEqual({ ok: true, value: { id: 'u1' } });
      expect(map({ id: '' })).toEqual({ ok: false, errors: [{ field: 'id', message: 'is required but each of its 2 choices is empty' }] });
    });

    it('applies its coercion after choosing, and a choice that fails fails the field rather than falling through', () => {
      expect(out({ firstOf: [{ path: 'a' }, { path: 'b' }], as: 'number' }, { b: ' 12 ' })).toBe(12);
      expect(out({ firstOf: [{ path: 'a', as: 'date' }, { path: 'b' }] }, { a: 'soon', b: 'later' })).toEqual({ error: 'cannot be read as a date: "soon"' });
      expect(out({ firstOf: [{ path: 'a', as: 'date' }, { path: 'b' }] }, { b: 'later' })).toBe('later');
    });
  });

  describe('lookup', () => {
    const status: FieldExpression = { lookup: { value: { path: 'status' }, table: { '1': 'active', '0': 'inactive', true: 'active', pending: null } } };

    it('translates a value through its table, numbers and booleans as their text', () => {
      expect(out(status, { status: 1 })).toBe('active');
      expect(out(status, { status: '0' })).toBe('inactive');
      expect(out(status, { status: true })).toBe('active');
      // A table entry of null is empty: not sent.
      expect(out(status, { status: 'pending' })).toBe('absent');
    });

    it('reports an unknown value as a field error, unless it has `otherwise`', () => {
      expect(out(status, { status: 'archived' })).toEqual({ error: 'has "archived", which is not in its lookup table' });
      expect(out({ lookup: { ...(status as { lookup: object }).lookup, otherwise: 'other' } } as FieldExpression, { status: 'archived' })).toBe('other');
    });

    it('gives `otherwise` for an empty value, and is empty without it', () => {
      expect(out(status, {})).toBe('absent');
      expect(out({ lookup: { value: { path: 'status' }, table: { a: 'A' }, otherwise: 'none' } }, { status: '' })).toBe('none');
    });

    it('compares case-insensitively when asked', () => {
      const expression: FieldExpression = { lookup: { value: { path: 's' }, table: { Active: 'A', CLOSED: 'C' }, ignoreCase: true } };
      expect(out(expression, { s: 'ACTIVE' })).toBe('A');
      expect(out(expression, { s: 'closed' })).toBe('C');
      expect(out({ lookup: { value: { path: 's' }, table: { Active: 'A' } } }, { s: 'active' })).toEqual({ error: 'has "active", which is not in its lookup table' });
    });

    it('looks up each element of a list, and refuses an object', () => {
      const expression: FieldExpression = { lookup: { value: { path: 'codes[*]' }, table: { a: 'Alpha', b: 'Beta' } } };
      expect(out(expression, { codes: ['a', 'b', 'a'] })).toEqual(['Alpha', 'Beta', 'Alpha']);
      expect(out(expression, { codes: ['a', 'z'] })).toEqual({ error: 'has "z", which is not in its lookup table' });
      expect(out({ lookup: { value: { path: 'o' }, table: { a: 'A' } } }, { o: { a: 1 } })).toEqual({ error: 'cannot be looked up: an object' });
    });

    it('coerces what the table gives, and looks up a value from any expression', () => {
      const expression: FieldExpression = { lookup: { value: { template: '{{a}}-{{b}}' }, table: { 'x-y': '2024-03-01' } }, as: 'date' };
      expect(out(expression, { a: 'x', b: 'y' })).toBe('2024-03-01T00:00:00.000Z');
    });
  });

  describe('cases', () => {
    const tier: FieldExpression = {
      cases: [
        { when: { path: 'plan', equals: 'enterprise' }, then: { constant: 'gold' } },
        { when: { path: 'seats', in: [10, 20] }, then: { template: '{{seats}} seats' } },
        { when: { path: 'trial_ends', exists: true }, then: { constant: 'trial' } },
        { when: { path: 'plan', equals: null }, then: { constant: 'unknown' } },
      ],
      otherwise: { path: 'plan' },
    };

    it('gives the first case whose condition holds, else `otherwise`', () => {
      expect(out(tier, { plan: 'enterprise', seats: 10 })).toBe('gold');
      expect(out(tier, { plan: 'team', seats: 10 })).toBe('10 seats');
      // Numbers and numeric text compare as text.
      expect(out(tier, { plan: 'team', seats: '20' })).toBe('20 seats');
      expect(out(tier, { plan: 'team', seats: 5, trial_ends: '2024-05-01' })).toBe('trial');
      expect(out(tier, { plan: 'team', seats: 5, trial_ends: '' })).toBe('team');
      expect(out(tier, { seats: 5 })).toBe('unknown');
    });

    it('is empty when no case holds and there is no `otherwise`', () => {
      expect(out({ cases: [{ when: { path: 'a', exists: false }, then: { constant: 'no a' } }] }, { a: 1 })).toBe('absent');
      expect(out({ cases: [{ when: { path: 'a', exists: false }, then: { constant: 'no a' } }] }, {})).toBe('no a');
    });

    it('holds for a list when any element does', () => {
      const expression: FieldExpression = { cases: [{ when: { path: 'roles[*].name', in: ['admin', 'owner'] }, then: { constant: true } }], otherwise: { constant: false } };
      expect(out(expression, { roles: [{ name: 'viewer' }, { name: 'owner' }] })).toBe(true);
      expect(out(expression, { roles: [{ name: 'viewer' }] })).toBe(false);
      expect(out(expression, { roles: [] })).toBe(false);
    });

    it('applies its coercion to whichever branch gives the value, and a failing branch fails the field', () => {
      const expression: FieldExpression = { cases: [{ when: { path: 'kind', equals: 'ts' }, then: { path: 'at' } }], otherwise: { constant: '2024-01-01' }, as: 'date' };
      expect(out(expression, { kind: 'ts', at: 1709287200 })).toBe('2024-03-01T10:00:00.000Z');
      expect(out(expression, { kind: 'other' })).toBe('2024-01-01T00:00:00.000Z');
      expect(out(expression, { kind: 'ts', at: 'then' })).toEqual({ error: 'cannot be read as a date: "then"' });
    });
  });

  describe('onError', () => {
    const target: TargetSchema = {
      fields: [
        { key: 'id', type: 'string', required: true },
        { key: 'email', type: 'string' },
        { key: 'age', type: 'number' },
        { key: 'joined', type: 'date', required: true },
      ],
    };
    const fields: FieldMapping['fields'] = { id: { path: 'id' }, email: { path: 'email', as: 'email' }, age: { path: 'age', as: 'number' }, joined: { path: 'joined', as: 'date' } };

    it('skip (the default): a record with any failing field is not mapped, and every failure is listed', () => {
      const map = compileMapping({ fields }, target);
      expect(map({ id: 'r1', email: 'not mail', age: 'old', joined: '2024-03-01' })).toEqual({
        ok: false,
        errors: [
          { field: 'email', message: 'is not an email address: "not mail"' },
          { field: 'age', message: 'cannot be read as a number: "old"' },
        ],
      });
      expect(map({ id: 'r1', email: 'A@B.io', age: '7', joined: '2024-03-01' })).toEqual({ ok: true, value: { id: 'r1', email: 'a@b.io', age: 7, joined: '2024-03-01T00:00:00.000Z' } });
    });

    it('null: optional fields that fail are sent as null and listed in `nulled`; empty ones are still left out', () => {
      const map = compileMapping({ fields, onError: 'null' }, target);
      expect(map({ id: 'r1', email: 'not mail', age: 'old', joined: '2024-03-01' })).toEqual({
        ok: true,
        value: { id: 'r1', email: null, age: null, joined: '2024-03-01T00:00:00.000Z' },
        nulled: [
          { field: 'email', message: 'is not an email address: "not mail"' },
          { field: 'age', message: 'cannot be read as a number: "old"' },
        ],
      });
      const clean = map({ id: 'r1', joined: '2024-03-01' });
      expect(clean).toEqual({ ok: true, value: { id: 'r1', joined: '2024-03-01T00:00:00.000Z' } });
      expect(clean).not.toHaveProperty('nulled');
    });

    it('null: a required field that fails or is empty still fails the record', () => {
      const map = compileMapping({ fields, onError: 'null' }, target);
      expect(map({ id: 'r1', email: 'x', joined: 'never' })).toEqual({
        ok: false,
        errors: [{ field: 'joined', message: 'cannot be read as a date: "never"' }],
      });
      expect(map({ id: 'r1', email: 'a@b.io' })).toEqual({ ok: false, errors: [{ field: 'joined', message: 'is required but source field "joined" is empty' }] });
    });
  });

  it('compiles a field whose expression is invalid to an error on every record, and maps the rest', () => {
    const map = compileMapping({ fields: { id: { path: 'id' }, out: { path: 'a..b' }, ok: { path: 'name' } } }, targetOf('out', 'ok'));
    const result = map({ id: '1', name: 'Ada' });
    expect(result).toEqual({ ok: false, errors: [{ field: 'out', message: expect.stringMatching(/^has an invalid expression: out\.path "a\.\.b" is not a valid source path/) }] });
  });
});

describe('mapping validation', () => {
  it('reports every problem with its path', () => {
    const mapping = {
      fields: {
        a: { path: 'a.' },
        b: { template: 'Hi {{ first..name }} {{}}' },
        c: { firstOf: [] },
        d: { firstOf: [{ path: 'ok' }, { path: 'constructor' }] },
        e: { cases: [] },
        f: { cases: [{ when: { path: 'x' }, then: { constant: 1 } }, { when: { path: 'x', equals: 1, exists: true }, then: { constant: 2 } }] },
        g: { lookup: { value: { path: '__proto__.x' }, table: { a: 'A' } } },
        h: { lookup: { value: { firstOf: [] }, table: {} } },
        i: { path: 'x', template: '{{x}}' },
        j: {},
        k: { constant: 5, as: 'string' },
        l: { path: 'x', as: 'uppercase' },
        m: { cases: [{ when: { path: 'x', in: [] }, then: { path: '' } }] },
        n: { lookup: { value: { path: 's' }, table: { On: 'yes', on: 'no' }, ignoreCase: true } },
      },
      onError: 'drop',
    } as unknown as FieldMapping;
    expect(checkMapping(mapping)).toEqual([
      { path: 'mapping.fields.a.path', message: expect.stringContaining('"a." is not a valid source path') },
      { path: 'mapping.fields.b.template', message: expect.stringContaining('placeholder "{{first..name}}" is not a valid source path') },
      { path: 'mapping.fields.b.template', message: expect.stringContaining('placeholder "{{}}" is not a valid source path') },
      { path: 'mapping.fields.c.firstOf', message: 'must list at least one expression' },
      { path: 'mapping.fields.d.firstOf[1].path', message: expect.stringContaining('"constructor" is not a valid source path') },
      { path: 'mapping.fields.e.cases', message: 'must list at least one case' },
      { path: 'mapping.fields.f.cases[0].when', message: 'must have one of equals, in, exists' },
      { path: 'mapping.fields.f.cases[1].when', message: 'must have only one of equals, in, exists, not equals and exists' },
      { path: 'mapping.fields.g.lookup.value.path', message: expect.stringContaining('"__proto__.x" is not a valid source path') },
      { path: 'mapping.fields.h.lookup.value.firstOf', message: 'must list at least one expression' },
      { path: 'mapping.fields.h.lookup.table', message: 'must have at least one entry' },
      { path: 'mapping.fields.i', message: 'must have only one of path, constant, template, firstOf, lookup, cases, not path and template' },
      { path: 'mapping.fields.j', message: 'must have one of path, constant, template, firstOf, lookup, cases' },
      { path: 'mapping.fields.k.as', message: 'does not apply to a constant: write the constant as the value wanted' },
      { path: 'mapping.fields.l.as', message: 'must be one of string, number, boolean, date, email' },
      { path: 'mapping.fields.m.cases[0].when.in', message: 'must list at least one value' },
      { path: 'mapping.fields.m.cases[0].then.path', message: expect.stringContaining('"" is not a valid source path') },
      { path: 'mapping.fields.n.lookup.table', message: 'keys "On" and "on" are the same when case is ignored, but give different values' },
      { path: 'mapping.onError', message: 'must be "skip" or "null"' },
    ]);
  });

  it('accepts every kind of expression when it is well formed', () => {
    expect(
      checkMapping({
        fields: {
          a: { path: 'emails[*].value', as: 'email' },
          b: { template: '{{first}} {{tags[*]}}' },
          c: { firstOf: [{ path: 'x' }, { constant: 1 }], as: 'string' },
          d: { lookup: { value: { path: 's' }, table: { a: 'A', b: null }, otherwise: 'Z', ignoreCase: true } },
          e: { cases: [{ when: { path: 'p', in: [1, 'two', null] }, then: { constant: true } }], otherwise: { constant: false }, as: 'boolean' },
        },
        onError: 'null',
      }),
    ).toEqual([]);
  });

  it('stops at a nesting depth of 16 expressions', () => {
    let deep: FieldExpression = { path: 'x' };
    for (let level = 1; level < 16; level += 1) deep = { firstOf: [deep] };
    expect(checkMapping({ fields: { f: deep } })).toEqual([]);
    const tooDeep = { firstOf: [deep] };
    const issues = checkMapping({ fields: { f: tooDeep } });
    expect(issues).toEqual([{ path: `mapping.fields.f${'.firstOf[0]'.repeat(16)}`, message: 'nests expressions more than 16 deep' }]);
  });

  it('turns a mapping the schema refuses into a typed error with paths, through the engine', async () => {
    const { engine } = setup();
    const connection = await connectRelay(engine);
    const ref = { connectionId: connection.id, dataModel: 'users' };
    const save = (fields: unknown, extra: object = {}) => engine.saveFieldMapping({ ...ref, mapping: { fields, ...extra } as FieldMapping });
    await expect(save({ id: { path: 'id' }, name: { firstOf: [{ path: 'a' }, { path: 3 }] } })).rejects.toMatchObject({
      code: 'mapping.invalid',
      class: 'config',
      issues: [{ path: 'mapping.fields.name.firstOf[1].path', message: 'must be text' }],
    });
    await expect(save({ id: { path: 'id' }, name: { path: 'first_name' } }, { onError: 'drop' })).rejects.toMatchObject({ issues: [{ path: 'mapping.onError' }] });
    await expect(save({ id: { path: 'id' }, email: { path: 'email' }, name: { cases: [{ when: { path: 'a', equals: 1, in: [2] }, then: { constant: 'x' } }] } })).rejects.toMatchObject({
      issues: [{ path: 'mapping.fields.name.cases[0].when', message: 'must have only one of equals, in, exists, not equals and in' }],
    });
    const saved = await save({ id: { path: 'id' }, email: { path: 'email', as: 'email' }, name: { firstOf: [{ template: '{{first_name}} {{last_name}}' }, { path: 'email' }] }, title: { lookup: { value: { path: 'job_title' }, table: { Engineer: 'eng' }, otherwise: 'other' } } }, { onError: 'null' });
    expect(saved.mapping.onError).toBe('null');
  });
});

describe('hostile mappings and records', () => {
  let before: ReturnType<typeof prototypeSnapshot>;
  beforeAll(() => {
    before = prototypeSnapshot();
  });
  afterAll(() => {
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses paths through __proto__, constructor or prototype anywhere in an expression', () => {
    const mapping = JSON.parse(
      '{"fields":{"a":{"path":"__proto__"},"b":{"path":"x.constructor.prototype"},"c":{"template":"{{__proto__.polluted}}"},"d":{"cases":[{"when":{"path":"prototype","exists":true},"then":{"constant":1}}]},"e":{"path":"items[*].__proto__"}}}',
    ) as FieldMapping;
    expect(checkMapping(mapping).map((issue) => issue.path)).toEqual(['mapping.fields.a.path', 'mapping.fields.b.path', 'mapping.fields.c.template', 'mapping.fields.d.cases[0].when.path', 'mapping.fields.e.path']);
    const result = compileMapping(mapping, { fields: [] })(JSON.parse('{"__proto__":{"polluted":true},"x":{}}'));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((error) => error.field)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('writes target keys such as __proto__ and constructor as own properties, and never reads a record\'s prototype', () => {
    const mapping = JSON.parse('{"fields":{"__proto__":{"path":"__x"},"constructor":{"constant":"c"},"prototype":{"path":"toString"},"plain":{"path":"hasOwnProperty"}}}') as FieldMapping;
    const result = compileMapping(mapping, { fields: [] })(JSON.parse('{"__x":{"polluted":true},"__proto__":{"toString":"evil"}}'));
    expect(result.ok).toBe(true);
    const value = result.ok ? result.value : {};
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('looks up record values named like prototype keys in the table only, and takes such keys in the table', () => {
    const table = JSON.parse('{"__proto__":"proto","constructor":"ctor","a":"A"}') as Record<string, string>;
    const expression: FieldExpression = { lookup: { value: { path: 's' }, table } };
    expect(out(expression, { s: '__proto__' })).toBe('proto');
    expect(out(expression, { s: 'constructor' })).toBe('ctor');
    expect(out(expression, { s: 'toString' })).toEqual({ error: 'has "toString", which is not in its lookup table' });
    expect(out(expression, { s: 'hasOwnProperty' })).toEqual({ error: 'has "hasOwnProperty", which is not in its lookup table' });
    expect(out({ lookup: { value: { path: 's' }, table, ignoreCase: true } }, { s: '__PROTO__' })).toBe('proto');
  });

  it('refuses a stored mapping with a __proto__ key, which a parse would otherwise drop without a word', async () => {
    const { engine } = setup();
    const connection = await connectRelay(engine);
    const mapping = JSON.parse('{"fields":{"id":{"path":"id"},"name":{"lookup":{"value":{"path":"first_name"},"table":{"__proto__":"x","Ada":"A"}}}}}') as FieldMapping;
    await expect(engine.saveFieldMapping({ connectionId: connection.id, dataModel: 'users', mapping })).rejects.toMatchObject({
      code: 'mapping.invalid',
      issues: [{ path: 'mapping.fields.name.lookup.table.__proto__', message: 'is not allowed as a key' }],
    });
  });

  it('refuses a path of more than 64 steps, and reads a 64-step path through a very deep record', () => {
    const steps = (count: number) => Array.from({ length: count }, () => 'a').join('.');
    expect(checkMapping({ fields: { f: { path: steps(64) } } })).toEqual([]);
    expect(checkMapping({ fields: { f: { path: steps(65) } } })).toEqual([{ path: 'mapping.fields.f.path', message: expect.stringContaining('at most 64 steps') }]);
    expect(checkMapping({ fields: { f: { path: `${'x[*].'.repeat(64)}y` } } })).toHaveLength(1);

    // A record 100,000 levels deep: built in a loop, read in a loop.
    let record: Record<string, unknown> = { end: true };
    for (let level = 0; level < 100_000; level += 1) record = { a: record };
    const map = compileMapping({ fields: { f: { path: steps(64) }, g: { template: `{{${steps(63)}.end}}` }, h: { path: 'a[*]' } } }, { fields: [] });
    const result = map(record);
    expect(result.ok).toBe(true);
    expect(result.ok && typeof result.value.f).toBe('object');
    expect(result.ok && result.value.g).toBeUndefined();
  });

  it('gives a list path through a very long list without trouble', () => {
    const record = { items: Array.from({ length: 200_000 }, (_, index) => ({ n: index % 3 === 0 ? null : index })) };
    const result = compileMapping({ fields: { ns: { path: 'items[*].n', as: 'number' } } }, { fields: [] })(record);
    expect(result.ok && (result.value.ns as number[]).length).toBe(133_333);
  });

  it('reports a mapping nested far past the limit without exhausting the stack, in validation, compilation and the engine', async () => {
    let deep: unknown = { path: 'x' };
    for (let level = 0; level < 100_000; level += 1) deep = level % 2 === 0 ? { firstOf: [deep] } : { lookup: { value: deep, table: { a: 'b' } } };
    const mapping = { fields: { name: deep } } as unknown as FieldMapping;
    const issues = checkMapping(mapping);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe('nests expressions more than 16 deep');
    const result = compileMapping(mapping, { fields: [] })({ x: 1 });
    expect(result).toEqual({ ok: false, errors: [{ field: 'name', message: expect.stringContaining('nests expressions more than 16 deep') }] });

    const { engine } = setup();
    const connection = await connectRelay(engine);
    await expect(engine.saveFieldMapping({ connectionId: connection.id, dataModel: 'users', mapping: { fields: { id: { path: 'id' }, name: deep } } as FieldMapping })).rejects.toMatchObject({
      code: 'mapping.invalid',
      class: 'config',
      issues: [{ message: 'nests more than 100 levels deep' }],
    });
  });
});

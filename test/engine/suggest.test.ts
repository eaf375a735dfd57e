import { describe, expect, it } from 'vitest';
import { suggestFields, type FieldMapping, type MappingSuggestions, type SourceField, type TargetField, type TargetSchema } from '../../src/engine/index.ts';

const none: FieldMapping = { fields: {} };

function schema(...fields: (TargetField | string)[]): TargetSchema {
  return { fields: fields.map((field) => (typeof field === 'string' ? { key: field, type: 'string' } : field)) };
}

function text(...paths: string[]): SourceField[] {
  return paths.map((path) => ({ path, type: 'string' }));
}

function candidatesOf(result: MappingSuggestions, field: string) {
  const suggestion = result.suggestions.find((item) => item.field === field);
  if (!suggestion) throw new Error(`no suggestion for ${field}`);
  return suggestion.candidates;
}

function best(result: MappingSuggestions, field: string) {
  return candidatesOf(result, field)[0];
}

describe('mapping suggestions', () => {
  describe('names', () => {
    it('given the same name, proposes it with full confidence', () => {
      const result = suggestFields(schema('email'), text('email', 'phone'), [], none);
      expect(best(result, 'email')).toEqual({ path: 'email', confidence: 1, reasons: ['same name'] });
    });

    it('given names that differ in case, separators or plural only, proposes them almost as confidently', () => {
      const result = suggestFields(
        schema('firstName', 'last_name', 'phoneNumbers', 'job title'),
        text('First-Name', 'lastName', 'phone_number', 'JobTitle'),
        [],
        none,
      );
      for (const [field, path] of [['firstName', 'First-Name'], ['last_name', 'lastName'], ['phoneNumbers', 'phone_number'], ['job title', 'JobTitle']]) {
        expect(best(result, field as string)).toMatchObject({ path, confidence: 1, reasons: ['same name apart from case, separators or plural'] });
      }
    });

    it('given synonyms, proposes them and says which word they stand for', () => {
      const target = schema('email', 'lastName', 'firstName', 'company', 'phone', 'title', 'createdAt', 'domain', { key: 'employees', type: 'number' });
      const sources: SourceField[] = [
        ...text('mail', 'surname', 'given_name', 'organization', 'mobile', 'position', 'inserted_at', 'website'),
        { path: 'headcount', type: 'number' },
      ];
      const result = suggestFields(target, sources, [], none);
      const expected = {
        email: 'mail',
        lastName: 'surname',
        firstName: 'given_name',
        company: 'organization',
        phone: 'mobile',
        title: 'position',
        createdAt: 'inserted_at',
        domain: 'website',
        employees: 'headcount',
      };
      for (const [field, path] of Object.entries(expected)) {
        const candidate = best(result, field);
        expect(candidate?.path, field).toBe(path);
        expect(candidate?.confidence, field).toBeGreaterThanOrEqual(result.threshold);
      }
      expect(best(result, 'lastName')?.reasons).toContain('synonym of "last name"');
      expect(best(result, 'createdAt')?.reasons).toContain('synonym of "created at"');
    });

    it("reads labels on both sides, and the target's label as well as its key", () => {
      const result = suggestFields(
        schema({ key: 'title', label: 'Job title', type: 'string' }, 'city'),
        [{ path: 'job_title', type: 'string' }, { path: 'cf_1042', label: 'City', type: 'string' }],
        [],
        none,
      );
      expect(best(result, 'title')).toMatchObject({ path: 'job_title', reasons: ['same name as the label "Job title"'] });
      expect(best(result, 'city')).toMatchObject({ path: 'cf_1042', reasons: ['labelled "City"'] });
      expect(best(result, 'city')?.confidence).toBeGreaterThanOrEqual(0.75);
    });

    it("reads a nested path's last part, and the part before a generic leaf such as `value`", () => {
      const result = suggestFields(schema('city', 'email'), text('address.city', 'emails[0].value', 'address.country'), [], none);
      expect(best(result, 'city')).toMatchObject({ path: 'address.city', reasons: ['its last part "city" has the same name'] });
      expect(best(result, 'email')).toMatchObject({ path: 'emails[0].value', reasons: ['its last part "emails" has the same name'] });
      expect(result.prefilled.fields).toEqual({ city: { path: 'address.city' }, email: { path: 'emails[0].value' } });
    });

    it("trusts a deep path's last part less than a label that names the field", () => {
      const result = suggestFields(
        schema('name'),
        [
          { path: 'properties.Industry.select.name', label: 'Industry', type: 'string' },
          { path: 'properties.Name.title[0].plain_text', label: 'Name', type: 'string' },
        ],
        [],
        none,
      );
      expect(candidatesOf(result, 'name').map((candidate) => candidate.path)).toEqual(['properties.Name.title[0].plain_text', 'properties.Industry.select.name']);
    });

    it("leaves out the model's name and qualifiers such as `primary` at the start of a name", () => {
      const result = suggestFields(schema('email', 'phone'), text('user_email', 'primary_phone'), [], none, { prefixes: ['users'] });
      expect(best(result, 'email')).toMatchObject({ path: 'user_email', reasons: ['same name without "user"'] });
      expect(best(result, 'phone')).toMatchObject({ path: 'primary_phone', reasons: ['same name without "primary"'] });
      expect(Object.keys(result.prefilled.fields)).toEqual(['email', 'phone']);
      // Without the prefix, `user_email` only shares a word.
      expect(best(suggestFields(schema('email'), text('user_email'), [], none), 'email')?.confidence).toBeLessThan(0.75);
    });

    it("proposes the collection's id path for a target id", () => {
      const result = suggestFields(schema('id'), text('gid', 'workspace_id'), [], none, { idPath: 'gid' });
      expect(best(result, 'id')).toMatchObject({ path: 'gid', reasons: ["the record's id"] });
    });

    it('offers names that only share words, below the threshold', () => {
      const result = suggestFields(schema('name'), text('first_name', 'unrelated'), [], none);
      expect(candidatesOf(result, 'name')).toEqual([{ path: 'first_name', confidence: expect.any(Number), reasons: ['shares the word "name"'] }]);
      expect(best(result, 'name')?.confidence).toBeLessThan(result.threshold);
      expect(result.prefilled.fields).toEqual({});
    });
  });

  describe('types', () => {
    it('never proposes an object or a list for a scalar field', () => {
      const result = suggestFields(schema('address'), [{ path: 'address', type: 'object' }], [], none);
      expect(candidatesOf(result, 'address')).toEqual([]);
    });

    it('ranks a field of the same type above one of another type, and says why', () => {
      const result = suggestFields(
        schema({ key: 'size', type: 'number' }),
        [{ path: 'size', type: 'string' }, { path: 'sizes', type: 'number' }],
        [],
        none,
      );
      const [first, second] = candidatesOf(result, 'size');
      expect(first).toMatchObject({ path: 'sizes', reasons: expect.arrayContaining(['both are numbers']) });
      expect(second).toMatchObject({ path: 'size', reasons: expect.arrayContaining(['holds text, not a number']) });
      expect(second?.confidence).toBeLessThan(first?.confidence ?? 0);
    });

    it('given yes/no for a date, drops the candidate below the threshold', () => {
      const result = suggestFields(schema({ key: 'archivedAt', type: 'date' }), [{ path: 'archived_at', type: 'boolean' }], [], none);
      expect(best(result, 'archivedAt')).toMatchObject({ path: 'archived_at', reasons: expect.arrayContaining(['holds yes/no, not a date']) });
      expect(best(result, 'archivedAt')?.confidence).toBeLessThan(result.threshold);
    });
  });

  describe('sample values', () => {
    const samples = [
      { contact: 'ada@example.com', email: 'n/a', home: 'https://ada.example', joined: '2024-03-01T10:00:00Z', seen: 1_714_000_000, cell: '+44 20 7946 0018', id: 1 },
      { contact: 'alan@example.com', email: 'none', home: 'https://alan.example/about', joined: '2023-11-12', seen: 1_714_000_000_000, cell: '(555) 010-2030', id: 2 },
    ];

    it('proposes a field whose values look like what the target holds, even with no name in common', () => {
      const result = suggestFields(
        schema('email', 'website', { key: 'startedAt', type: 'date' }, 'telephone'),
        [...text('contact', 'email', 'home', 'joined', 'cell'), { path: 'seen', type: 'number' }, { path: 'id', type: 'number' }],
        samples,
        none,
      );
      expect(candidatesOf(result, 'email')).toContainEqual({ path: 'contact', confidence: expect.any(Number), reasons: ['values look like emails'] });
      expect(best(result, 'website')).toMatchObject({ path: 'home', reasons: ['values look like web addresses'] });
      expect(candidatesOf(result, 'startedAt').map((candidate) => candidate.path)).toEqual(expect.arrayContaining(['joined', 'seen']));
      expect(candidatesOf(result, 'startedAt').find((candidate) => candidate.path === 'seen')?.reasons).toEqual(['values look like dates']);
      expect(best(result, 'telephone')).toMatchObject({ path: 'cell', reasons: expect.arrayContaining(['values look like phone numbers']) });
      // Values alone never clear the threshold: `cell` is a synonym of telephone too, and the same-named `email` holds no emails.
      expect(result.prefilled.fields).toEqual({ telephone: { path: 'cell' } });
      expect(best(result, 'telephone')?.reasons).toEqual(['synonym of "telephone"', 'values look like phone numbers']);
    });

    it('lowers a same-named field whose values do not look like the target’s', () => {
      const result = suggestFields(schema('email'), text('email', 'contact'), samples, none);
      const email = candidatesOf(result, 'email').find((candidate) => candidate.path === 'email');
      expect(email?.reasons).toEqual(['same name', 'values do not look like emails']);
      expect(email?.confidence).toBeLessThan(result.threshold);
      expect(result.prefilled.fields).toEqual({});
      expect(result.sampled).toBe(2);
    });

    it('finds paths that only the sample records have, nested and in arrays, but never prototype keys', () => {
      const records = [JSON.parse('{"address":{"zip":"N1 9GU"},"emails":[{"value":"ada@example.com"}],"__proto__":{"email":"x@example.com"}}') as unknown];
      const result = suggestFields(schema('postalCode', 'email'), [{ path: 'address', type: 'object' }], records, none);
      expect(best(result, 'postalCode')).toMatchObject({ path: 'address.zip', reasons: ['synonym of "postal code"'] });
      expect(candidatesOf(result, 'email').map((candidate) => candidate.path)).toEqual(['emails[0].value']);
    });
  });

  describe('ranking and pre-filling', () => {
    it('ranks candidates best first, ties going to the earlier source field', () => {
      const result = suggestFields(schema('companyName'), text('company_label', 'organization', 'company_name', 'company_title'), [], none);
      const candidates = candidatesOf(result, 'companyName');
      // Same words, then a synonym, then two that share a word.
      expect(candidates.map((candidate) => candidate.path)).toEqual(['company_name', 'organization', 'company_label', 'company_title']);
      const confidences = candidates.map((candidate) => candidate.confidence);
      expect(confidences[0]).toBeGreaterThan(confidences[1] ?? 1);
      expect(confidences[1]).toBeGreaterThan(confidences[2] ?? 1);
      expect(confidences[2]).toBe(confidences[3]);
      const reversed = suggestFields(schema('companyName'), text('company_title', 'company_label'), [], none);
      expect(candidatesOf(reversed, 'companyName').map((candidate) => candidate.path)).toEqual(['company_title', 'company_label']);
    });

    it('pre-fills only candidates at or above the threshold, which an option sets', () => {
      const target = schema('email', 'lastName');
      const sources = text('email', 'surname');
      expect(suggestFields(target, sources, [], none).prefilled.fields).toEqual({ email: { path: 'email' }, lastName: { path: 'surname' } });
      const strict = suggestFields(target, sources, [], none, { threshold: 0.95 });
      expect(strict.threshold).toBe(0.95);
      expect(strict.prefilled.fields).toEqual({ email: { path: 'email' } });
      expect(candidatesOf(strict, 'lastName')[0]?.path).toBe('surname');
    });

    it('pre-fills a source path into one field at most, the most confident first', () => {
      const result = suggestFields(schema('fullName', 'name'), text('full_name', 'display_name'), [], none);
      expect(best(result, 'fullName')?.path).toBe('full_name');
      expect(best(result, 'name')?.path).toBe('full_name');
      // `full_name` goes to fullName (same name); name takes its next candidate.
      expect(result.prefilled.fields).toEqual({ fullName: { path: 'full_name' }, name: { path: 'display_name' } });
    });

    it('leaves mapped fields out, keeps their expressions, and ranks paths they read lower without pre-filling them again', () => {
      const mapping: FieldMapping = { fields: { name: { template: '{{first_name}} {{last_name}}' }, id: { path: 'id' } }, onError: 'null' };
      const result = suggestFields(schema('id', 'name', 'firstName', 'lastName'), text('id', 'first_name', 'last_name'), [], mapping);
      expect(result.suggestions.map((suggestion) => suggestion.field)).toEqual(['firstName', 'lastName']);
      expect(best(result, 'firstName')).toMatchObject({ path: 'first_name', confidence: 0.8, reasons: ['same name apart from case, separators or plural', 'already mapped to "name"'] });
      expect(result.prefilled).toEqual(mapping);
    });

    it('adds pre-filled fields after the mapped ones, in the target’s order; a key such as __proto__ stays an own key, and no path names one', () => {
      const target = schema('__proto__', 'email', 'phone');
      const result = suggestFields(target, text('phone', 'email', '__proto__', 'proto', 'constructor.name'), [], { fields: { id: { path: 'id' } } });
      expect(Object.keys(result.prefilled.fields)).toEqual(['id', '__proto__', 'email', 'phone']);
      expect(Object.hasOwn(result.prefilled.fields, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(result.prefilled.fields)).toBe(Object.prototype);
      expect(candidatesOf(result, '__proto__').map((candidate) => candidate.path)).toEqual(['proto']);
      expect(result.suggestions.flatMap((suggestion) => suggestion.candidates.map((candidate) => candidate.path))).not.toContain('constructor.name');
    });

    it('gives the same result for the same input', () => {
      const target = schema('name', 'email', 'phone', 'company', { key: 'createdAt', type: 'date' });
      const sources = text('first_name', 'last_name', 'email', 'mobile', 'org', 'created', 'updated');
      const samples = [{ email: 'a@b.example', created: '2024-01-01', updated: '2024-02-01' }];
      const first = suggestFields(target, sources, samples, none);
      expect(JSON.stringify(suggestFields(target, sources, samples, none))).toBe(JSON.stringify(first));
    });
  });

  it('given 300 target and 300 source fields with 20 samples, pre-fills every field with its counterpart', () => {
    // Names share their words with many others (as custom fields do); only the whole name tells them apart.
    const words = ['account', 'balance', 'region', 'score', 'owner', 'budget', 'renewal', 'tier', 'segment', 'channel', 'source', 'stage', 'priority', 'rating', 'contract'];
    const targets: TargetField[] = [];
    const sources: SourceField[] = [];
    for (let index = 0; index < 300; index += 1) {
      const a = words[index % words.length] as string;
      const b = words[(index * 7 + 3) % words.length] as string;
      const type = index % 3 === 0 ? 'number' : 'string';
      targets.push({ key: `${a}${b.charAt(0).toUpperCase()}${b.slice(1)}${index}`, type });
      sources.push({ path: index % 2 ? `custom.${a}_${b}_${index}` : `acme_${a}-${b}s ${index}`, type, label: `${a} ${b} ${index}` });
    }
    const samples = Array.from({ length: 20 }, (_, row) => {
      const record: Record<string, unknown> = { custom: {} };
      sources.forEach((source, index) => {
        const value = index % 3 === 0 ? row * index : `value ${row}-${index}`;
        if (source.path.startsWith('custom.')) (record.custom as Record<string, unknown>)[source.path.slice('custom.'.length)] = value;
        else record[source.path] = value;
      });
      return record;
    });
    // Listed in reverse, so position gives nothing away.
    const result = suggestFields({ fields: targets }, [...sources].reverse(), samples, none, { prefixes: ['acme'] });
    expect(result.sampled).toBe(20);
    expect(result.suggestions).toHaveLength(300);
    expect(result.prefilled.fields).toEqual(Object.fromEntries(targets.map((target, index) => [target.key, { path: sources[index]?.path }])));
  });
});

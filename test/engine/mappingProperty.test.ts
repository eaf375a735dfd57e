import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMapping, type FieldMapping, type TargetSchema } from '../../src/engine/index.ts';

/** One step of a generated path: a property name, an array index, or every element (`*`). */
type Step = { key: string } | { index: number } | { each: true };

function pathText(steps: Step[]): string {
  return steps
    .map((step, position) => ('key' in step ? `${position === 0 ? '' : '.'}${step.key}` : 'index' in step ? `[${step.index}]` : '[*]'))
    .join('');
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * The naive reading: every value the steps reach, by plain recursion over
 * the record, own properties only, each `*` opening one level of a list.
 */
function reach(value: unknown, steps: Step[]): unknown[] {
  const [step, ...rest] = steps;
  if (step === undefined) return value === undefined ? [] : [value];
  if (value === null || typeof value !== 'object') return [];
  if ('each' in step) return Array.isArray(value) ? value.flatMap((element: unknown) => reach(element, rest)) : [];
  if ('index' in step) return Array.isArray(value) ? reach(value[step.index], rest) : [];
  return Object.prototype.hasOwnProperty.call(value, step.key) ? reach((value as Record<string, unknown>)[step.key], rest) : [];
}

/** What the naive reading says a field of that path holds: a value, a list of values, or nothing (not sent). */
function naive(record: unknown, steps: Step[]): { sent: false } | { sent: true; value: unknown } {
  const found = reach(record, steps).filter((value) => !isEmpty(value));
  if (steps.some((step) => 'each' in step)) return found.length === 0 ? { sent: false } : { sent: true, value: found };
  return found.length === 0 ? { sent: false } : { sent: true, value: found[0] };
}

// Keys a path can name: no separators, no prototype names. A few are shared so that paths often hit.
const key = fc.oneof(fc.constantFrom('a', 'b', 'id', 'name', 'items', '0', '1', 'toString', 'hasOwnProperty', 'length', 'valueOf'), fc.stringMatching(/^[A-Za-z_$][\w$ -]{0,5}$/)).filter((text) => !['__proto__', 'constructor', 'prototype'].includes(text));

// JSON-like records whose keys come from the same pool, with lists, blanks and nulls.
const { record } = fc.letrec<{ record: unknown; value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, '', '  ', 0, false, true, 'x'),
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    tie('record'),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
  record: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: key.map((name) => ({ key: name })) },
  { weight: 2, arbitrary: fc.nat({ max: 4 }).map((index) => ({ index })) },
  { weight: 1, arbitrary: fc.constant({ each: true as const }) },
);

describe('compiled paths against a naive interpreter', () => {
  it('for any record and any mapping built only of paths, the compiled mapping and plain recursion agree', () => {
    fc.assert(
      fc.property(fc.oneof(record, fc.array(record, { maxLength: 3 })), fc.array(fc.array(step, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), (input, paths) => {
        const fields: FieldMapping['fields'] = {};
        const target: TargetSchema = { fields: [] };
        paths.forEach((steps, index) => {
          fields[`f${index}`] = { path: pathText(steps) };
          target.fields.push({ key: `f${index}`, type: 'string' });
        });
        // Through JSON, so `__proto__`-like keys a record might carry are own properties, as an app's JSON gives them.
        const json: unknown = JSON.parse(JSON.stringify(input));
        const expected: Record<string, unknown> = {};
        paths.forEach((steps, index) => {
          const reading = naive(json, steps);
          if (reading.sent) expected[`f${index}`] = reading.value;
        });
        expect(compileMapping({ fields }, target)(json)).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 500 },
    );
  });

  it('for any record, a path through every level of it reads what plain recursion reads, at any depth up to the limit', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 64 }), fc.jsonValue(), (keys, leaf) => {
        let built: unknown = leaf;
        for (let index = keys.length - 1; index >= 0; index -= 1) built = { [keys[index] as string]: built };
        const json: unknown = JSON.parse(JSON.stringify(built));
        const steps = keys.map((name) => ({ key: name }));
        const reading = naive(json, steps);
        const result = compileMapping({ fields: { v: { path: pathText(steps) } } }, { fields: [{ key: 'v', type: 'string' }] })(json);
        expect(result).toEqual({ ok: true, value: reading.sent ? { v: reading.value } : {} });
      }),
      { numRuns: 300 },
    );
  });
});

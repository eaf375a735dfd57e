import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/engine/util/hash.ts';

/** The plain recursive definition, as a reference. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) parts.push(`${JSON.stringify(key)}:${reference(item)}`);
  }
  return `{${parts.join(',')}}`;
}

describe('stableStringify', () => {
  it('writes what the recursive definition writes, for any JSON-like value (undefined included)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, undefined, true, false, 0, -1.5, '', 'a"b', '__proto__'),
        fc.string(),
        fc.double(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(fc.property(value, (input) => stableStringify(input) === reference(input)));
  });

  it('sorts keys at every level and leaves undefined values out', () => {
    expect(stableStringify({ b: [1, { z: 1, a: undefined, m: null }], a: 'x', c: undefined })).toBe('{"a":"x","b":[1,{"m":null,"z":1}]}');
    expect(stableStringify([undefined, 1])).toBe('[null,1]');
  });

  it('handles a record nested 100,000 levels deep, which recursion could not', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i += 1) deep = i % 2 === 0 ? [deep] : { k: deep };
    const text = stableStringify(deep);
    expect(text.length).toBeGreaterThan(400_000);
    expect(text.includes('"leaf"')).toBe(true);
  });
});

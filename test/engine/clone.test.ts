import { describe, expect, it } from 'vitest';
import { keyPart } from '../../src/engine/runs/importRun.ts';
import { clonePlain } from '../../src/engine/util/clone.ts';

describe('clonePlain', () => {
  it('copies plain data deeply, keeping undefined values', () => {
    const value = { a: [1, { b: 'x' }], c: null, d: undefined, e: { f: true } };
    const copy = clonePlain(value);
    expect(copy).toStrictEqual(value);
    expect(copy.a).not.toBe(value.a);
    expect(copy.a[1]).not.toBe(value.a[1]);
    expect(copy.e).not.toBe(value.e);
  });

  it('keeps a "__proto__" key as data and leaves prototypes alone', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = clonePlain(value);
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hands non-plain and very deep values to structuredClone', () => {
    const date = new Date(0);
    expect(clonePlain({ date }).date).toStrictEqual(date);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 500; i += 1) deep = [deep];
    const copy = clonePlain(deep);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(deep));
  });
});

describe('idempotency key parts', () => {
  it('escapes the separator so parts never run together', () => {
    expect(keyPart('usr_1')).toBe('usr_1');
    expect(keyPart('a:b')).toBe('a%3Ab');
    expect(keyPart('50%:x')).toBe('50%25%3Ax');
    expect(`${keyPart('a:b')}:${keyPart('c')}`).not.toBe(`${keyPart('a')}:${keyPart('b:c')}`);
  });
});

/** One step of a parsed path: an own property name or an array index. */
export type PathSegment = string | number;

/** The `[*]` step of a mapping path: every element of an array. */
export const EACH: unique symbol = Symbol('each');

/** One step of a mapping path, which may also map over an array (`[*]`). */
export type MappingSegment = PathSegment | typeof EACH;

/** Paths longer than this are refused, so no reader walks further into a record than a person would write. */
export const MAX_PATH_SEGMENTS = 64;

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Parses `a.b[0].c` into segments. Returns undefined for a malformed path,
 * one that names a prototype key, or one of more than {@link MAX_PATH_SEGMENTS}
 * steps. With `{ each: true }`, a `[*]` step (every element of an array) is
 * allowed too; elsewhere (connector paths) it is malformed.
 */
export function parsePath(path: string): PathSegment[] | undefined;
export function parsePath(path: string, options: { each: true }): MappingSegment[] | undefined;
export function parsePath(path: string, options?: { each?: boolean }): MappingSegment[] | undefined {
  if (path === '') return [];
  const segments: MappingSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+|\*)\]/gy;
  let expectDot = false;
  let index = 0;
  while (index < path.length) {
    if (expectDot && path[index] === '.') {
      index += 1;
      expectDot = false;
      if (index >= path.length) return undefined;
      continue;
    }
    re.lastIndex = index;
    const match = re.exec(path);
    if (!match) return undefined;
    if (match[1] !== undefined) {
      if (expectDot) return undefined;
      if (FORBIDDEN.has(match[1])) return undefined;
      segments.push(match[1]);
    } else if (match[2] === '*') {
      if (!options?.each) return undefined;
      segments.push(EACH);
    } else {
      segments.push(Number(match[2]));
    }
    if (segments.length > MAX_PATH_SEGMENTS) return undefined;
    index = re.lastIndex;
    expectDot = true;
  }
  return segments;
}

/** Whether parsed segments map over an array, so a reader gives a list. */
export function mapsOverArray(segments: readonly MappingSegment[]): boolean {
  return segments.includes(EACH);
}

/** One own property or array element of `current`, or undefined. */
function readStep(current: unknown, segment: PathSegment): unknown {
  if (typeof segment === 'number') return Array.isArray(current) ? (current[segment] as unknown) : undefined;
  return current !== null && typeof current === 'object' && Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
}

/** Reads the value at parsed segments, looking only at own properties. A loop, however deep the record. */
export function getAt(value: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = readStep(current, segment);
  }
  return current;
}

/**
 * Reads segments with `[*]` steps: each `[*]` replaces every array reached by
 * its elements (one level of flattening per `[*]`), and anything absent drops
 * out. Gives the values found, in order, or undefined when there are none.
 */
export function getEach(value: unknown, segments: readonly MappingSegment[]): unknown[] | undefined {
  let current: unknown[] = [value];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const item of current) {
      if (segment === EACH) {
        if (!Array.isArray(item)) continue;
        for (let i = 0; i < item.length; i += 1) if (item[i] !== undefined) next.push(item[i]);
      } else {
        const found = readStep(item, segment);
        if (found !== undefined) next.push(found);
      }
    }
    if (next.length === 0) return undefined;
    current = next;
  }
  return current;
}

/** A reader of one parsed path, as `getAt` reads it. */
export type Getter = (value: unknown) => unknown;

/**
 * How many code sites own-property reads are spread over. V8 keeps one inline
 * cache per site: a single read shared by every field of a mapping sees every
 * key, goes megamorphic, and costs several times a read that only ever sees
 * one key. Readers compiled with different sites (a mapping gives each of its
 * fields one) each keep a cache that stays monomorphic. With the writes'
 * sites (`writeAt` in compileMapping) it took `BENCH map-records` from 324 to
 * 189 ms a million records.
 */
export const READ_SITES = 16;

/** `object[key]` when it is the object's own property, read at code site `site` (0 to READ_SITES - 1). */
export function readOwnAt(site: number, object: unknown, key: string): unknown {
  if (object === null || typeof object !== 'object' || !Object.hasOwn(object, key)) return undefined;
  const source = object as Record<string, unknown>;
  // Sixteen copies of one read, on purpose: see READ_SITES.
  switch (site) {
    case 0: return source[key];
    case 1: return source[key];
    case 2: return source[key];
    case 3: return source[key];
    case 4: return source[key];
    case 5: return source[key];
    case 6: return source[key];
    case 7: return source[key];
    case 8: return source[key];
    case 9: return source[key];
    case 10: return source[key];
    case 11: return source[key];
    case 12: return source[key];
    case 13: return source[key];
    case 14: return source[key];
    default: return source[key];
  }
}

/** One step of a reader: an own property, or an array element. */
function stepper(segment: PathSegment): Getter {
  if (typeof segment === 'number') return (current) => (Array.isArray(current) ? (current[segment] as unknown) : undefined);
  return (current) => (current !== null && typeof current === 'object' && Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined);
}

/**
 * Compiles parsed segments into a reader equal to `getAt(value, segments)`,
 * or to `getEach` when they hold a `[*]` step. Paths of up to three segments
 * (most fields of most records) get closures without a loop, which is what
 * the import's per-record work is made of; a one-step path given a `site`
 * reads through {@link readOwnAt}.
 */
export function compileGetter(segments: readonly MappingSegment[], site?: number): Getter {
  if (segments.includes(EACH)) {
    const copy = [...segments];
    return (value) => getEach(value, copy);
  }
  const plain = segments as readonly PathSegment[];
  const [first, second, third] = plain;
  if (first === undefined) return (value) => value;
  if (plain.length === 1) return typeof first === 'string' && site !== undefined ? (value) => readOwnAt(site, value, first) : stepper(first);
  if (plain.length === 2) {
    const outer = stepper(first);
    const inner = stepper(second as PathSegment);
    return (value) => inner(outer(value));
  }
  if (plain.length === 3) {
    const outer = stepper(first);
    const middle = stepper(second as PathSegment);
    const inner = stepper(third as PathSegment);
    return (value) => inner(middle(outer(value)));
  }
  const copy = [...plain];
  return (value) => getAt(value, copy);
}

/** Parsed connector paths (a page's cursor, an event's type): the same few are read on every page and event. */
const parsed = new Map<string, PathSegment[] | undefined>();
const MAX_PARSED = 512;

/** Reads `path` from `value`; undefined when the path is malformed or absent. */
export function getPath(value: unknown, path: string): unknown {
  let segments = parsed.get(path);
  if (segments === undefined && !parsed.has(path)) {
    segments = parsePath(path);
    // Bounded, for a caller that reads many different paths: starting afresh costs a parse each.
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(path, segments);
  }
  return segments ? getAt(value, segments) : undefined;
}

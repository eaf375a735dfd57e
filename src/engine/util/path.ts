/** One step of a parsed path: an own property name or an array index. */
export type PathSegment = string | number;

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Parses `a.b[0].c` into segments. Returns undefined for a malformed path
 * or one that names a prototype key.
 */
export function parsePath(path: string): PathSegment[] | undefined {
  if (path === '') return [];
  const segments: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/gy;
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
    } else {
      segments.push(Number(match[2]));
    }
    index = re.lastIndex;
    expectDot = true;
  }
  return segments;
}

/** Reads the value at parsed segments, looking only at own properties. */
export function getAt(value: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** A reader of one parsed path, as `getAt` reads it. */
export type Getter = (value: unknown) => unknown;

/** One step of a reader: an own property, or an array element. */
function stepper(segment: PathSegment): Getter {
  if (typeof segment === 'number') return (current) => (Array.isArray(current) ? (current[segment] as unknown) : undefined);
  return (current) => (current !== null && typeof current === 'object' && Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined);
}

/**
 * Compiles parsed segments into a reader equal to `getAt(value, segments)`.
 * Paths of one or two segments (most fields of most records) get closures
 * without a loop, which is what the import's per-record work is made of.
 */
export function compileGetter(segments: readonly PathSegment[]): Getter {
  const [first, second] = segments;
  if (first === undefined) return (value) => value;
  if (segments.length === 1) return stepper(first);
  if (segments.length === 2) {
    const outer = stepper(first);
    const inner = stepper(second as PathSegment);
    return (value) => inner(outer(value));
  }
  const copy = [...segments];
  return (value) => getAt(value, copy);
}

/** Reads `path` from `value`; undefined when the path is malformed or absent. */
export function getPath(value: unknown, path: string): unknown {
  const segments = parsePath(path);
  return segments ? getAt(value, segments) : undefined;
}

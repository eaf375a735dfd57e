type Frame =
  | { array: readonly unknown[]; index: number }
  | { object: Record<string, unknown>; keys: string[]; index: number; first: boolean };

/**
 * JSON with object keys sorted, so equal records give equal text whatever
 * their key order. Undefined object values are left out and undefined array
 * items written as null, as JSON.stringify does. It walks with a stack of its
 * own, not recursion: an app's record nested however deep cannot overflow it.
 */
export function stableStringify(value: unknown): string {
  let out = '';
  const stack: Frame[] = [];
  const enter = (item: unknown): void => {
    if (item === null || typeof item !== 'object') {
      out += JSON.stringify(item) ?? 'null';
    } else if (Array.isArray(item)) {
      out += '[';
      stack.push({ array: item, index: 0 });
    } else {
      out += '{';
      stack.push({ object: item as Record<string, unknown>, keys: Object.keys(item).sort(), index: 0, first: true });
    }
  };
  enter(value);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if ('array' in frame) {
      if (frame.index >= frame.array.length) {
        out += ']';
        stack.pop();
        continue;
      }
      if (frame.index > 0) out += ',';
      frame.index += 1;
      enter(frame.array[frame.index - 1]);
      continue;
    }
    while (frame.index < frame.keys.length && frame.object[frame.keys[frame.index] as string] === undefined) frame.index += 1;
    if (frame.index >= frame.keys.length) {
      out += '}';
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.index] as string;
    frame.index += 1;
    if (!frame.first) out += ',';
    frame.first = false;
    out += `${JSON.stringify(key)}:`;
    enter(frame.object[key]);
  }
  return out;
}

/** A fast 53-bit non-cryptographic hash of a string, as 11 base-36 characters. */
export function hashString(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(36).padStart(11, '0');
}

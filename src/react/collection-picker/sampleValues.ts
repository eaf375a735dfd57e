/**
 * Reads a field of a sample record by its source path (`email`, `address.city`, `emails[0].value`),
 * looking only at own properties, so a path can never reach a prototype.
 */
export function readSamplePath(record: unknown, path: string): unknown {
  let value = record;
  for (const [, name, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const key = name ?? Number(index);
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

const MAX_TEXT = 120;

/** A sample value as text for people: strings as they are, structures as short JSON, nothing as `''`. */
export function sampleText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    text = '';
  }
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

import type { FlowEventType, RecordVersion } from './flow.types.ts';
import { hashString, stableStringify } from '../util/hash.ts';

/**
 * A record version's place in order: a number as it is, a numeric string as
 * its number, a date string as epoch ms. Undefined when it is none of these
 * (then only equality can be told).
 */
export function rankOf(version: unknown): number | undefined {
  if (typeof version === 'number') return Number.isFinite(version) ? version : undefined;
  if (typeof version !== 'string' || version.trim() === '') return undefined;
  const text = version.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

/** The version part of an idempotency key: `u` + the updated-at, else `h` + a hash of the content. */
export function versionKey(updatedAt: unknown, record: unknown): string {
  if (typeof updatedAt === 'string' || typeof updatedAt === 'number') return `u${updatedAt}`;
  return `h${hashString(stableStringify(record))}`;
}

/** A tombstone's version part: the delete's own version, else the last version delivered, else none. */
export function deleteKey(version: string | number | undefined, stored: RecordVersion | undefined): string {
  if (version !== undefined) return `d${version}`;
  return stored ? `d${stored.version.replace(/^d/, '')}` : 'd';
}

/**
 * A time an app wrote: epoch seconds or ms (told apart by size), or a date
 * string. Undefined when it is not a time.
 */
export function timeOf(value: unknown, format?: 'epoch-seconds' | 'epoch-ms' | 'iso'): number | undefined {
  if (format === 'iso') {
    if (typeof value !== 'string') return undefined;
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
  if (number === undefined) {
    if (format !== undefined || typeof value !== 'string') return undefined;
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  if (format === 'epoch-seconds') return number * 1000;
  if (format === 'epoch-ms') return number;
  // Seconds since 1970 stay below 1e11 until the year 5138; ms passed it in 1973.
  return number < 1e11 ? number * 1000 : number;
}

/** Why an event or a read record is not delivered, or undefined when it is. */
export type Verdict = 'stale' | 'duplicate' | undefined;

/**
 * Compares a candidate against the last version delivered for its record.
 * A stale one never overwrites newer data; the same version again is a
 * duplicate; a delete is final unless a strictly newer create or update comes.
 */
export function judge(stored: RecordVersion | undefined, type: FlowEventType, key: string | undefined, rank: number | undefined): Verdict {
  if (!stored) return undefined;
  if (type === 'record-deleted') {
    if (stored.deleted) return 'duplicate';
    return rank !== undefined && stored.rank !== undefined && rank < stored.rank ? 'stale' : undefined;
  }
  if (stored.deleted) {
    // Back from the dead only when strictly newer than the delete.
    if (rank !== undefined && stored.rank !== undefined) return rank > stored.rank ? undefined : 'stale';
    return undefined;
  }
  if (key !== undefined && key === stored.version) return 'duplicate';
  if (rank !== undefined && stored.rank !== undefined) {
    if (rank < stored.rank) return 'stale';
    if (rank === stored.rank) return 'duplicate';
  }
  return undefined;
}

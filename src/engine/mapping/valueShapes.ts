import type { FieldType, SourceField } from '../connectors/connector.types.ts';
import { getAt, type PathSegment } from '../util/path.ts';
import type { ValueShape } from './synonyms.ts';

/** What the sample records hold at one path. */
export interface ValueProfile {
  /** Sample records with a non-empty value at the path. */
  filled: number;
  /** Of those, how many have each shape. */
  shapes: Map<ValueShape, number>;
}

/** Paths found only in sample records, at most; a record with thousands of keys adds no more. */
const MAX_DISCOVERED = 500;
const MAX_DEPTH = 6;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_LIKE = /^https?:\/\/[^\s/?#]+\.\S*$/i;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** `03/01/2024`, `1.3.24 10:00`, `2024/03/01`. */
const NUMERIC_DATE = /^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}\/\d{1,2}\/\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m)?)?$/i;
/** `Mar 1, 2024`, `1 March 2024`, `Fri, 01 Mar 2024 10:00:00 GMT`. */
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const WORDED_DATE = new RegExp(`^(?:[a-z]{3},?\\s+)?(?:\\d{1,2}\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+\\d{1,2},?\\s+\\d{4})(?:\\s+\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[ap]m)?(?:\\s+[a-z]{2,4}|\\s*[+-]\\d{4})?)?$`, 'i');
const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const BOOLEAN_WORD = /^(?:true|false|yes|no)$/i;
const PHONE = /^\+?[\d\s().-]+$/;
const PHONE_PUNCTUATION = /[\s().+-]/;

/** Epoch seconds or milliseconds between 2001 and 2096. */
function isEpoch(value: number): boolean {
  return Number.isInteger(value) && ((value >= 1e9 && value < 4e9) || (value >= 1e12 && value < 4e12));
}

/** The shapes one value has; a number in the epoch range is a date too. */
export function shapesOf(value: unknown): ValueShape[] {
  if (typeof value === 'boolean') return ['boolean'];
  if (typeof value === 'number') return isEpoch(value) ? ['number', 'date'] : Number.isFinite(value) ? ['number'] : [];
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (EMAIL.test(text)) return ['email'];
  if (URL_LIKE.test(text)) return ['url'];
  if (ISO_DATE.test(text) ? !Number.isNaN(Date.parse(text)) : NUMERIC_DATE.test(text) || WORDED_DATE.test(text)) return ['date'];
  if (NUMERIC.test(text)) return ['number'];
  if (BOOLEAN_WORD.test(text)) return ['boolean'];
  if (DOMAIN.test(text)) return ['domain'];
  // Digits alone are more often an id or a count than a phone number: a phone shows its punctuation.
  if (PHONE.test(text) && PHONE_PUNCTUATION.test(text)) {
    const digits = text.replace(/\D/g, '').length;
    if (digits >= 7 && digits <= 15) return ['phone'];
  }
  return [];
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function profileOf(segments: readonly PathSegment[], samples: readonly unknown[]): ValueProfile {
  const profile: ValueProfile = { filled: 0, shapes: new Map() };
  for (const sample of samples) {
    const value = getAt(sample, segments);
    if (isEmptyValue(value)) continue;
    profile.filled += 1;
    for (const shape of shapesOf(value)) profile.shapes.set(shape, (profile.shapes.get(shape) ?? 0) + 1);
  }
  return profile;
}

/** The share (0..1) of non-empty values with the shape. */
export function shareOf(profile: ValueProfile, shape: ValueShape): number {
  return profile.filled === 0 ? 0 : (profile.shapes.get(shape) ?? 0) / profile.filled;
}

/**
 * Leaf paths of the sample records that no declared field names
 * (`address.zip`, `emails[0].value`), first seen first. Arrays are read
 * through their first element; keys a path cannot name, and prototype keys,
 * are passed over.
 */
export function discoverPaths(samples: readonly unknown[], declared: ReadonlySet<string>): SourceField[] {
  const found = new Map<string, FieldType>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (found.size >= MAX_DISCOVERED || value === null || value === undefined) return;
    if (Array.isArray(value)) {
      if (path !== '' && depth < MAX_DEPTH && value.length > 0) visit(value[0], `${path}[0]`, depth + 1);
      return;
    }
    if (typeof value === 'object') {
      if (depth >= MAX_DEPTH) return;
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key) || !/^[^.[\]]+$/.test(key) || key.trim() !== key) continue;
        visit((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, depth + 1);
      }
      return;
    }
    if (path === '' || declared.has(path) || found.has(path) || isEmptyValue(value)) return;
    const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : typeof value === 'string' ? 'string' : undefined;
    if (type) found.set(path, type);
  };
  for (const sample of samples) visit(sample, '', 0);
  return [...found].map(([path, type]) => ({ path, type }));
}

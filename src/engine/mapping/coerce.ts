import type { Coercion } from './mapping.types.ts';

/**
 * Why a field's value cannot be mapped, in a few words. Returned (never
 * thrown) by coercions and compiled expressions, and allocated only when
 * something fails, so a record that maps cleanly costs nothing extra.
 */
export class FieldFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** A value's converter: the converted value, undefined for an empty value, or why it cannot convert. */
export type Converter = (value: unknown) => unknown;

/** Empty: undefined, null, or text that trimming empties. Empty values stay empty under every coercion. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  // Text starting with a visible ASCII character is never blank, and needs no trim to tell.
  const first = value.charCodeAt(0);
  return !(first > 32 && first < 127) && value.trim() === '';
}

/** A short, safe rendering of a value for a message: never a whole record, never more than a line. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function failed(value: unknown, what: string): FieldFailure {
  return new FieldFailure(`cannot be read as ${what}: ${describeValue(value)}`);
}

function toText(value: unknown): unknown {
  if (typeof value === 'string') return isEmptyValue(value) ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : failed(value, 'text');
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value === undefined || value === null ? undefined : failed(value, 'text');
}

/** Decimal text: an optional sign, digits with an optional fraction, an optional exponent. No hex, no `Infinity`. */
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : failed(value, 'a number');
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    const number = NUMERIC.test(text) ? Number(text) : Number.NaN;
    return Number.isFinite(number) ? number : failed(value, 'a number');
  }
  return value === undefined || value === null ? undefined : failed(value, 'a number');
}

const WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['0', false],
]);

function toBoolean(value: unknown): unknown {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === '') return undefined;
    const word = WORDS.get(text);
    return word ?? failed(value, 'true or false');
  }
  return value === undefined || value === null ? undefined : failed(value, 'true or false');
}

/**
 * ISO 8601 extended format: a date, optionally a time (`T` or a space), optionally
 * a fraction of a second and an offset (`Z`, `+02:00`, `+0200`, `+02`).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
/** Whole or fractional epoch numbers as text, optionally signed. */
const EPOCH_TEXT = /^[+-]?\d+(?:\.\d+)?$/;
/** The range of a JavaScript date, in ms either side of 1970. */
const MAX_TIME = 8.64e15;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (any year, no Date object). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Epoch ms of an ISO 8601 text, undefined when it is not one or names a day or time that does not exist. */
export function parseIsoTime(text: string): number | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, oh = '0', om = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const ms = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // No offset reads as UTC (JavaScript's Date would read it as local time).
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
// The last day written: records of one page often share their days, and then the date part is made once.
let lastDay = Number.NaN;
let lastDayText = '';

/**
 * `Date.prototype.toISOString` by arithmetic: the same text, at a fraction
 * of its cost, which matters for a date field on every record of an import.
 */
function isoString(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  if (days !== lastDay) {
    // The civil date of a day count (proleptic Gregorian), as days-from-civil's inverse.
    const shifted = days + 719_468;
    const era = Math.floor(shifted / 146_097);
    const dayOfEra = shifted - era * 146_097;
    const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
    const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
    const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    // Years outside 0–9999 take six digits and a sign; rare enough for the builtin.
    if (year < 0 || year > 9999) return new Date(ms).toISOString();
    lastDay = days;
    lastDayText = `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
  }
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return `${lastDayText}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[Math.floor(rest - second * 1000)]}Z`;
}

/** Epoch seconds below 1e11 (until the year 5138), epoch ms from there (passed in 1973). */
function epochMs(number: number): number {
  return Math.abs(number) < 1e11 ? number * 1000 : number;
}

function isoOf(ms: number, value: unknown): unknown {
  // Whole milliseconds, as a Date keeps them.
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME ? isoString(Math.trunc(ms) + 0) : failed(value, 'a date');
}

/** Already what a date field gives: `YYYY-MM-DDTHH:MM:SS.sssZ`. */
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function toDate(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    if (EPOCH_TEXT.test(text)) return isoOf(epochMs(Number(text)), value);
    const time = parseIsoTime(text);
    if (time === undefined) return failed(value, 'a date');
    // Text already in the form given back needs no rewriting, once it is known to name a real time.
    return CANONICAL.test(text) && Math.abs(time) <= MAX_TIME ? text : isoOf(time, value);
  }
  if (typeof value === 'number') return isoOf(epochMs(value), value);
  if (value instanceof Date) return isoOf(value.getTime(), value);
  return value === undefined || value === null ? undefined : failed(value, 'a date');
}

/** Something, `@`, then a domain of at least two dot-separated labels; no spaces anywhere. */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

function toEmail(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === '') return undefined;
    return EMAIL.test(text) ? text : new FieldFailure(`is not an email address: ${describeValue(value)}`);
  }
  return value === undefined || value === null ? undefined : new FieldFailure(`is not an email address: ${describeValue(value)}`);
}

/** Each coercion on one scalar value. */
const SCALAR: Record<Coercion, Converter> = {
  string: toText,
  number: toNumber,
  boolean: toBoolean,
  date: toDate,
  email: toEmail,
};

/**
 * The converter of one coercion. A list (what a `[*]` path gives) is
 * converted element by element: empty elements are left out, and any element
 * that cannot convert fails the whole value. Never changes its input.
 */
export function converterFor(as: Coercion): Converter {
  const scalar = SCALAR[as];
  return (value) => {
    if (!Array.isArray(value)) return scalar(value);
    const out: unknown[] = [];
    for (let index = 0; index < value.length; index += 1) {
      // A list inside the list is an object to every coercion, so it fails here.
      const converted = scalar(value[index]);
      if (converted instanceof FieldFailure) return new FieldFailure(`item ${index + 1} ${converted.message}`);
      if (converted !== undefined) out.push(converted);
    }
    return out.length === 0 ? undefined : out;
  };
}

/**
 * Applies a coercion to a value: the converted value, undefined when the
 * value is empty (undefined, null, blank text), or a {@link FieldFailure}.
 */
export function coerce(value: unknown, as: Coercion): unknown {
  return converterFor(as)(value);
}

/** The coercions a mapping may name. */
export const COERCIONS: readonly Coercion[] = ['string', 'number', 'boolean', 'date', 'email'];

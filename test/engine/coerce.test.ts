import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { checkMapping, compileMapping, type Coercion } from '../../src/engine/index.ts';

/** Maps `{ v: value }` through `{ path: 'v', as }`: what the field became, or its error. */
function coerced(as: Coercion, value: unknown): { value?: unknown; error?: string; sent: boolean } {
  const result = compileMapping({ fields: { v: { path: 'v', as } } }, { fields: [{ key: 'v', type: 'string' }] })({ v: value });
  if (!result.ok) return { error: result.errors[0]?.message, sent: false };
  return Object.hasOwn(result.value, 'v') ? { value: result.value.v, sent: true } : { sent: false };
}

const ok = (value: unknown) => ({ value, sent: true });
const empty = { sent: false };
const failed = (message: string | RegExp) => ({ error: expect.stringMatching(message), sent: false });

describe('coercions', () => {
  it('leaves an empty value (absent, null, blank text) empty under every coercion, so it is not sent and never an error', () => {
    for (const as of ['string', 'number', 'boolean', 'date', 'email'] as const) {
      for (const value of [undefined, null, '', '   ', '\t\n', '\u00a0']) expect(coerced(as, value), `${as} of ${JSON.stringify(value)}`).toEqual(empty);
    }
  });

  it('string: text as it is, numbers and booleans as text, and anything that is no scalar is an error', () => {
    expect(coerced('string', 'Ada')).toEqual(ok('Ada'));
    expect(coerced('string', ' Ada ')).toEqual(ok(' Ada '));
    expect(coerced('string', 42)).toEqual(ok('42'));
    expect(coerced('string', -1.5)).toEqual(ok('-1.5'));
    expect(coerced('string', 0)).toEqual(ok('0'));
    expect(coerced('string', false)).toEqual(ok('false'));
    expect(coerced('string', Number.NaN)).toEqual(failed(/^cannot be read as text: NaN$/));
    expect(coerced('string', Number.POSITIVE_INFINITY)).toEqual(failed('cannot be read as text: Infinity'));
    expect(coerced('string', { a: 1 })).toEqual(failed('cannot be read as text: an object'));
  });

  it('number: finite numbers and decimal text (trimmed); words, hex, separators, NaN and Infinity are errors', () => {
    expect(coerced('number', 42)).toEqual(ok(42));
    expect(coerced('number', ' 42 ')).toEqual(ok(42));
    expect(coerced('number', '-1.5e3')).toEqual(ok(-1500));
    expect(coerced('number', '.5')).toEqual(ok(0.5));
    expect(coerced('number', '+7')).toEqual(ok(7));
    expect(coerced('number', '0')).toEqual(ok(0));
    for (const bad of ['1,234', '0x10', 'Infinity', '-Infinity', 'NaN', '12abc', '1e400', '1 2', '--1']) {
      expect(coerced('number', bad), bad).toEqual(failed(/^cannot be read as a number: "/));
    }
    expect(coerced('number', Number.NaN)).toEqual(failed('cannot be read as a number: NaN'));
    expect(coerced('number', Number.NEGATIVE_INFINITY)).toEqual(failed('cannot be read as a number: -Infinity'));
    expect(coerced('number', true)).toEqual(failed('cannot be read as a number: true'));
    expect(coerced('number', [1, 'x'])).toEqual(failed('item 2 cannot be read as a number: "x"'));
    expect(coerced('number', { n: 1 })).toEqual(failed('an object'));
  });

  it('boolean: true/false, 1/0 and the words true/false/yes/no/1/0 in any case; anything else is an error', () => {
    expect(coerced('boolean', true)).toEqual(ok(true));
    expect(coerced('boolean', false)).toEqual(ok(false));
    expect(coerced('boolean', 1)).toEqual(ok(true));
    expect(coerced('boolean', 0)).toEqual(ok(false));
    expect(coerced('boolean', ' YES ')).toEqual(ok(true));
    expect(coerced('boolean', 'No')).toEqual(ok(false));
    expect(coerced('boolean', 'TRUE')).toEqual(ok(true));
    expect(coerced('boolean', '0')).toEqual(ok(false));
    expect(coerced('boolean', '1')).toEqual(ok(true));
    expect(coerced('boolean', 2)).toEqual(failed('cannot be read as true or false: 2'));
    expect(coerced('boolean', 'maybe')).toEqual(failed('cannot be read as true or false: "maybe"'));
    expect(coerced('boolean', 'on')).toEqual(failed('"on"'));
    expect(coerced('boolean', {})).toEqual(failed('an object'));
  });

  describe('date', () => {
    const originalTz = process.env.TZ;
    afterEach(() => {
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    });

    it('reads ISO 8601 with an offset in that offset, and gives ISO 8601 UTC', () => {
      expect(coerced('date', '2024-03-01T10:00:00Z')).toEqual(ok('2024-03-01T10:00:00.000Z'));
      expect(coerced('date', '2024-03-01t10:00:00z')).toEqual(ok('2024-03-01T10:00:00.000Z'));
      expect(coerced('date', '2024-03-01T10:00:00+02:00')).toEqual(ok('2024-03-01T08:00:00.000Z'));
      expect(coerced('date', '2024-03-01T10:00:00-0530')).toEqual(ok('2024-03-01T15:30:00.000Z'));
      expect(coerced('date', '2024-03-01T01:00:00+05')).toEqual(ok('2024-02-29T20:00:00.000Z'));
      expect(coerced('date', '2024-03-01T10:00:00.123456Z')).toEqual(ok('2024-03-01T10:00:00.123Z'));
      expect(coerced('date', '2024-03-01T10:00:00,5Z')).toEqual(ok('2024-03-01T10:00:00.500Z'));
      expect(coerced('date', ' 2024-03-01 10:00 ')).toEqual(ok('2024-03-01T10:00:00.000Z'));
    });

    it('reads a date-time without an offset, and a date alone, as UTC whatever the time zone of the machine', () => {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(coerced('date', '2024-03-01T10:00:00'), tz).toEqual(ok('2024-03-01T10:00:00.000Z'));
        expect(coerced('date', '2024-03-01'), tz).toEqual(ok('2024-03-01T00:00:00.000Z'));
        expect(coerced('date', '2024-07-01T23:30'), tz).toEqual(ok('2024-07-01T23:30:00.000Z'));
      }
    });

    it('tells epoch seconds from epoch milliseconds by size, as numbers and as numeric text', () => {
      const iso = '2024-03-01T10:00:00.000Z';
      expect(coerced('date', 1709287200)).toEqual(ok(iso));
      expect(coerced('date', 1709287200000)).toEqual(ok(iso));
      expect(coerced('date', '1709287200')).toEqual(ok(iso));
      expect(coerced('date', ' 1709287200000 ')).toEqual(ok(iso));
      expect(coerced('date', 1709287200.5)).toEqual(ok('2024-03-01T10:00:00.500Z'));
      expect(coerced('date', 0)).toEqual(ok('1970-01-01T00:00:00.000Z'));
      expect(coerced('date', -86400)).toEqual(ok('1969-12-31T00:00:00.000Z'));
      // Just below 1e11 is still seconds (year 5138); 1e11 and up is milliseconds (1973).
      expect(coerced('date', 99_999_999_999)).toEqual(ok('5138-11-16T09:46:39.000Z'));
      expect(coerced('date', 100_000_000_000)).toEqual(ok('1973-03-03T09:46:40.000Z'));
    });

    it('refuses days and times that do not exist, text that is no ISO date, and numbers out of range', () => {
      for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-03-01T24:00:00Z', '2024-03-01T10:60Z', '2024-03-01T10:00:61Z', '2024-03-01T10:00+25:00', 'yesterday', 'Mar 1 2024', '01/03/2024', '2024-3-1', '2024-03-01T']) {
        expect(coerced('date', bad), bad).toEqual(failed(/^cannot be read as a date: "/));
      }
      expect(coerced('date', '2024-02-29')).toEqual(ok('2024-02-29T00:00:00.000Z'));
      expect(coerced('date', Number.NaN)).toEqual(failed('cannot be read as a date: NaN'));
      expect(coerced('date', Number.POSITIVE_INFINITY)).toEqual(failed('cannot be read as a date: Infinity'));
      expect(coerced('date', 1e20)).toEqual(failed('cannot be read as a date: 100000000000000000000'));
      expect(coerced('date', true)).toEqual(failed('cannot be read as a date: true'));
      expect(coerced('date', { at: 1 })).toEqual(failed('an object'));
    });

    it('writes every time in range exactly as Date#toISOString does, from epoch seconds, epoch ms and ISO text with any offset', () => {
      const ms = fc.integer({ min: -8.64e15, max: 8.64e15 });
      fc.assert(
        fc.property(ms, (time) => {
          const iso = new Date(time).toISOString();
          if (Math.abs(time) >= 1e11) expect(coerced('date', time)).toEqual(ok(iso));
          // Four-digit years are ISO text a record can hold; the rest is the builtin's extended form.
          if (/^\d{4}-/.test(iso)) {
            expect(coerced('date', iso)).toEqual(ok(iso));
            expect(coerced('date', iso.replace('Z', '+00:00'))).toEqual(ok(iso));
          }
        }),
        { numRuns: 2000 },
      );
      fc.assert(
        fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), (seconds) => {
          expect(coerced('date', seconds)).toEqual(ok(new Date(seconds * 1000).toISOString()));
          expect(coerced('date', String(seconds))).toEqual(ok(new Date(seconds * 1000).toISOString()));
        }),
        { numRuns: 1000 },
      );
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9000, 0, 1) }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (time, offsetMinutes) => {
          // The same instant written as local time at an offset.
          const local = new Date(time + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(coerced('date', `${local}${offset}`)).toEqual(ok(new Date(time).toISOString()));
        }),
        { numRuns: 1000 },
      );
    });

    it('takes a Date a record may hold in process, and refuses an invalid one', () => {
      expect(coerced('date', new Date('2024-03-01T10:00:00Z'))).toEqual(ok('2024-03-01T10:00:00.000Z'));
      expect(coerced('date', new Date(Number.NaN))).toEqual(failed('cannot be read as a date: a Date'));
    });
  });

  it('email: trimmed and lower-cased; spaces inside, a missing @ or domain, and non-text are errors', () => {
    expect(coerced('email', ' Ada.Lovelace@Example.COM ')).toEqual(ok('ada.lovelace@example.com'));
    expect(coerced('email', 'a+tag@sub.example.co.uk')).toEqual(ok('a+tag@sub.example.co.uk'));
    for (const bad of ['ada @example.com', 'ada@ example.com', 'ada@example', 'ada@@example.com', 'ada.example.com', '@example.com', 'ada@example..com', 'ada@.example.com']) {
      expect(coerced('email', bad), bad).toEqual(failed(/^is not an email address: "/));
    }
    expect(coerced('email', 42)).toEqual(failed('is not an email address: 42'));
  });

  it('converts a list element by element, leaving empty elements out and failing on the first that cannot convert', () => {
    const map = compileMapping({ fields: { emails: { path: 'emails[*].value', as: 'email' } } }, { fields: [{ key: 'emails', type: 'array' }] });
    expect(map({ emails: [{ value: ' A@X.io ' }, { value: '' }, { value: 'b@y.io' }] })).toEqual({ ok: true, value: { emails: ['a@x.io', 'b@y.io'] } });
    expect(map({ emails: [{ value: 'a@x.io' }, { value: 'nope' }] })).toEqual({ ok: false, errors: [{ field: 'emails', message: 'item 2 is not an email address: "nope"' }] });
    const record = { emails: [{ value: ' A@X.io ' }] };
    map(record);
    expect(record.emails[0]?.value).toBe(' A@X.io ');
  });

  it('refuses a constant that the coercion around it cannot convert, with the constant\'s path', () => {
    expect(
      checkMapping({
        fields: {
          age: { firstOf: [{ path: 'age' }, { constant: 'unknown' }], as: 'number' },
          seen: { cases: [{ when: { path: 'x', exists: true }, then: { constant: 'not a date' } }], otherwise: { constant: 0 }, as: 'date' },
          fine: { firstOf: [{ path: 'n' }, { constant: '42' }], as: 'number' },
        },
      }),
    ).toEqual([
      { path: 'mapping.fields.age.firstOf[1].constant', message: 'cannot be read as a number: "unknown" (the value goes through "as": "number")' },
      { path: 'mapping.fields.seen.cases[0].then.constant', message: 'cannot be read as a date: "not a date" (the value goes through "as": "date")' },
    ]);
  });
});

import type { FieldSchema } from '@madeup/contract';
import { calendarMillis } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { fieldConverter } from '../../src/mapping/field-conversion.ts';
import { compileOne, evaluate, failure } from './expression-harness.ts';

/** Dates and timestamps the date properties found read wrong; each is now rejected or read right. */
const at = (text: string, extra: Record<string, unknown> = {}) =>
  failure({ timestamp: 'at', ...extra }, { at: text });

describe('date and timestamp edge cases', () => {
  it('keeps 29 February of year 0 (a leap year) in calendarMillis, which read it as 1 March', () => {
    expect(new Date(calendarMillis(0, 2, 29)).toISOString()).toBe('0000-02-29T00:00:00.000Z');
    expect(new Date(calendarMillis(99, 12, 31, 23, 59, 59)).toISOString()).toBe('0099-12-31T23:59:59.000Z');
  });

  it('rejects the year 0000, outside the wire form, instead of moving 0000-02-29 to 1 March', () => {
    expect(at('0000-02-29')).toBe('invalid_date: "0000-02-29" is not a valid date or time');
    expect(failure({ date: 'at' }, { at: '0000-01-01' })).toMatch(/^invalid_date: "0000-01-01"/);
    expect(failure({ addDays: 'at', days: 1 }, { at: '0000-12-31' })).toMatch(/^invalid_date: "0000-12-31"/);
  });

  it('cuts a fraction to microseconds instead of rounding .9999999 up to a 7-digit fraction', () => {
    expect(evaluate({ timestamp: 'at' }, { at: '2024-01-01T00:00:00.9999999Z' })).toBe(
      '2024-01-01T00:00:00.999999Z',
    );
    expect(evaluate({ timestamp: 'at', format: 'HH:mm:ss.SSSSSSS' }, { at: '10:00:00.1234569' })).toBe(
      '1970-01-01T10:00:00.123456Z',
    );
  });

  it('rejects offsets no zone has (+25:61 was read as 26 hours 1 minute)', () => {
    for (const text of ['2024-01-01T00:00:00+25:61', '2024-01-01T00:00:00+99', '2024-01-01T00:00:00-14:01'])
      expect(at(text)).toBe(
        `invalid_date: ${JSON.stringify(text)} has an offset outside -14:00..+14:00 or with minutes over 59`,
      );
    expect(at('2024-01-01T00:00:00+01:60', { format: "yyyy-MM-dd'T'HH:mm:ssXXX" })).toMatch(/offset outside/);
    expect(evaluate({ timestamp: 'at' }, { at: '2024-01-01T00:00:00+14:00' })).toBe(
      '2023-12-31T10:00:00.000000Z',
    );
  });

  it('rejects an instant outside the years 0001-9999 in UTC instead of a 5-digit or 0000 year', () => {
    expect(at('9999-12-31T23:00:00-05:00')).toBe(
      'invalid_date: "9999-12-31T23:00:00-05:00" is outside the years 0001-9999 in UTC',
    );
    expect(at('0001-01-01 00:00', { timezone: 'Asia/Tokyo' })).toMatch(/outside the years 0001-9999 in UTC/);
    expect(failure({ date: 'at', timezone: 'America/New_York' }, { at: '0001-01-01T00:00:00Z' })).toBe(
      'invalid_date: "0001-01-01T00:00:00Z" is outside the years 0001-9999 in America/New_York',
    );
    expect(evaluate({ date: 'at', timezone: 'Asia/Tokyo' }, { at: '0001-01-01' })).toBe('0001-01-01');
  });

  it('rejects such an instant in a timestamp field given text too', () => {
    const field = { name: 'at', type: 'timestamp', required: false } as unknown as FieldSchema;
    expect(() => fieldConverter(field, 'UTC')('9999-12-31T23:00:00-05:00')).toThrow(
      '"9999-12-31T23:00:00-05:00" is outside the years 0001-9999 in UTC',
    );
    expect(() => fieldConverter(field, 'Asia/Tokyo')('0001-01-01 05:00')).toThrow(/outside the years/);
  });

  it('needs `a` with a 12-hour clock and a 12-hour clock with `a` (hh:mm read 12:30 as 00:30)', () => {
    expect(compileOne({ timestamp: 'at', format: 'hh:mm' }).problems[0]?.message).toBe(
      'date format "hh:mm": `h`/`hh` (hour 1-12) need `a` (AM/PM)',
    );
    expect(compileOne({ timestamp: 'at', format: 'HH:mm a' }).problems[0]?.message).toMatch(
      /`a` \(AM\/PM\) needs/,
    );
    expect(compileOne({ timestamp: 'at', format: "HH 'h' mm 'a'" }).problems).toEqual([]);
    expect(evaluate({ timestamp: 'at', format: 'hh:mm a' }, { at: '12:30 AM' })).toBe(
      '1970-01-01T00:30:00.000000Z',
    );
  });

  it('checks a weekday name against the date instead of ignoring it', () => {
    const day = (text: string, format: string) => failure({ date: 'at', format }, { at: text });
    expect(day('Mon 2024-01-02', 'EEE yyyy-MM-dd')).toBe(
      'invalid_date: "Mon 2024-01-02" names a Monday, but 2024-01-02 is a Tuesday',
    );
    expect(day('Foo 2024-01-02', 'EEE yyyy-MM-dd')).toBe(
      'invalid_date: unknown weekday name "Foo" in "Foo 2024-01-02"',
    );
    expect(day('tuesday, 2 January 2024', 'EEEE, d MMMM yyyy')).toBe('no error, got "2024-01-02"');
  });
});

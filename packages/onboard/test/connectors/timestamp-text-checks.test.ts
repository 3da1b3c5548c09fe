import { describe, expect, it } from 'vitest';
import { asDate, asTimestamp } from '../../src/connectors/shared/converters.ts';
import { toUtcTimestamp, utcTimestampReader } from '../../src/connectors/shared/timestamps.ts';
import type { ValueContext } from '../../src/connectors/shared/value-context.ts';

/**
 * Timestamp and date text a source may hold (SQLite keeps any text; MariaDB with
 * ALLOW_INVALID_DATES keeps 30 February) that names no real time is read as null with a warning,
 * never carried into the next day or hour and never passed on as an impossible wire value.
 */
const IMPOSSIBLE = [
  '2024-02-30 10:00:00',
  '2023-02-29 10:00:00',
  '2024-04-31',
  '2024-00-10 10:00:00',
  '2024-01-01 24:00:00',
  '2024-01-01 29:00:00',
  '2024-01-01 25:61:00',
  '2024-01-01 10:00:60',
  '2024-01-01 10:00:00+25:00',
  '2024-01-01 10:00:00+01:60',
];

function context(): ValueContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { stream: 's', column: 'c', timeZone: 'UTC', warn: (w) => warnings.push(w), warnings };
}

describe('impossible timestamp text', () => {
  for (const zone of ['UTC', 'Europe/Berlin']) {
    it(`is not a timestamp in ${zone}, by either reader`, () => {
      const read = utcTimestampReader(zone);
      for (const text of IMPOSSIBLE) {
        expect(toUtcTimestamp(text, zone), text).toBeNull();
        expect(read(text), text).toBeNull();
      }
    });
  }

  it('is read as null with a warning naming the value', () => {
    const ctx = context();
    expect(asTimestamp(ctx)('2024-02-30 10:00:00')).toBeNull();
    expect(ctx.warnings).toEqual(['s.c: 2024-02-30 10:00:00 is not a valid timestamp; read as null']);
  });

  it('still reads the last real second of a day and of February in a leap year', () => {
    expect(toUtcTimestamp('2024-02-29 23:59:59', 'UTC')).toBe('2024-02-29T23:59:59.000000Z');
    expect(toUtcTimestamp('2000-02-29 23:59:59', 'Europe/Berlin')).toBe('2000-02-29T22:59:59.000000Z');
    expect(toUtcTimestamp('2024-01-01 10:00:00+14:00', 'UTC')).toBe('2023-12-31T20:00:00.000000Z');
  });
});

describe('impossible date text', () => {
  it('is read as null with a warning, not passed on', () => {
    const ctx = context();
    const read = asDate(ctx);
    expect(read('2024-02-30')).toBeNull();
    expect(read('1900-02-29')).toBeNull();
    expect(read('10000-02-30')).toBeNull();
    expect(read('2000-02-29')).toBe('2000-02-29');
    expect(ctx.warnings).toEqual([
      's.c: 2024-02-30 is not a valid date; read as null',
      's.c: 1900-02-29 is not a valid date; read as null',
      's.c: 10000-02-30 is not a valid date; read as null',
    ]);
  });
});

describe('date text with more after the day', () => {
  it('reads the day of a date and time, and refuses anything else after the day', () => {
    const ctx = context();
    const read = asDate(ctx);
    expect(read('2024-01-02 10:30:00')).toBe('2024-01-02');
    expect(read('2024-01-02T10:30:00.123Z')).toBe('2024-01-02');
    expect(read('2024-01-02 10:30+05:30')).toBe('2024-01-02');
    expect(read('2024-01-02junk')).toBeNull();
    expect(read('2024-01-02 10:30:00 and more')).toBeNull();
    expect(read('2024-01-02 ')).toBe('2024-01-02');
    expect(read('2024-01-02 1')).toBeNull();
    expect(ctx.warnings).toEqual([
      's.c: 2024-01-02junk is not a valid date; read as null',
      's.c: 2024-01-02 10:30:00 and more is not a valid date; read as null',
      's.c: 2024-01-02 1 is not a valid date; read as null',
    ]);
  });
});

/**
 * SQLite keeps any text, nanoseconds too (`05.000000500`, as Go writes them): cut to the
 * microseconds onboard keeps, so an incremental cursor cannot tell two rows within one microsecond
 * apart. The cut is said once per column, never silently.
 */
describe('timestamp text finer than a microsecond', () => {
  it('is cut to the microsecond, said once per column', () => {
    const ctx = context();
    const read = asTimestamp(ctx);
    expect(read('2026-03-01 00:00:05.000000500')).toBe('2026-03-01T00:00:05.000000Z');
    expect(read('2026-03-01T00:00:05.123456789+05:00')).toBe('2026-02-28T19:00:05.123456Z');
    expect(ctx.warnings).toEqual([
      's.c: 2026-03-01 00:00:05.000000500 is finer than a microsecond; onboard keeps microseconds, so ' +
        'such values are cut to the microsecond (as an incremental cursor, rows within one microsecond ' +
        'of the watermark are not told apart)',
    ]);
  });

  it('is not said for six digits or fewer, nor for trailing zeros, nor for an offset', () => {
    const ctx = context();
    const read = asTimestamp(ctx);
    for (const text of [
      '2026-03-01 00:00:05.123456',
      '2026-03-01 00:00:05.123456000',
      '2026-03-01 00:00:05.123+05:00',
      '2026-03-01T00:00:05.123456-05:30',
    ])
      expect(read(text), text).not.toBeNull();
    expect(ctx.warnings).toEqual([]);
  });
});

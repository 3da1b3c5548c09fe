import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCursor, maxCursor } from '../../src/connectors/compare-cursor.ts';

/**
 * A decimal cursor (PostgreSQL `numeric`, MariaDB `DECIMAL`, read as exact text) was ordered as
 * text, so a run reading `9500.000` and `10500.000` kept `9500.000` as its watermark and every
 * incremental run read `10500.000` again (found by the repeated-runs property, seed 20261204).
 */
describe('cursor order', () => {
  it('orders decimals by value, whatever their length, sign or places', () => {
    expect(maxCursor('9500.000000', '10500.000000')).toBe('10500.000000');
    expect(maxCursor('-0.900', '-0.500')).toBe('-0.500');
    expect(maxCursor('-10.5', '9.25')).toBe('9.25');
    expect(maxCursor('0.5', '0.50')).toBe('0.5');
    expect(compareCursor('12.50', '12.5')).toBe(0);
    expect(compareCursor('1.05', '1.5')).toBeLessThan(0);
    expect(compareCursor('-1', '-1.000001')).toBeGreaterThan(0);
  });

  it('orders 64-bit integers past 2^53 exactly, and timestamps by their text', () => {
    expect(maxCursor('9007199254740993', '9007199254740992')).toBe('9007199254740993');
    expect(maxCursor('-9007199254740993', '-9007199254740992')).toBe('-9007199254740992');
    expect(maxCursor('2026-03-01T00:00:05.000500Z', '2026-03-01T00:00:05.000499Z')).toBe(
      '2026-03-01T00:00:05.000500Z',
    );
    expect(maxCursor(10, 9)).toBe(10);
  });

  it('orders timestamps and dates outside years 0-9999 by their year (ISO-8601 extended years)', () => {
    expect(maxCursor('+010000-01-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z')).toBe(
      '+010000-01-01T00:00:00.000000Z',
    );
    expect(maxCursor('-000044-03-15', '0001-01-01')).toBe('0001-01-01');
    expect(maxCursor('-000044-03-15', '-000100-03-15')).toBe('-000044-03-15');
    expect(maxCursor('+010000-02-01', '+010000-01-31')).toBe('+010000-02-01');
    expect(compareCursor('-000001-12-31', '0000-01-01')).toBeLessThan(0);
    expect(maxCursor(null, '1.5')).toBe('1.5');
  });
});

const RUNS = 300;

/** A UTC instant of any year a `Date` holds, years 0000-9999 half of the time (`toISOString`'s four-digit form). */
const instant = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: -271_820, max: 275_759 })),
    ms: fc.integer({ min: 0, max: 365 * 86_400_000 - 1 }),
  })
  .map(({ year, ms }) => {
    const date = new Date(ms);
    date.setUTCFullYear(year);
    return date;
  });

describe('cursor order of timestamps and dates (property)', () => {
  it(
    'orders ISO-8601 timestamps as their instants and dates as their days, four-digit years or not',
    () => {
      fc.assert(
        fc.property(instant, instant, fc.boolean(), (x, y, dateOnly) => {
          const text = (d: Date) => (dateOnly ? d.toISOString().replace(/T.*$/, '') : d.toISOString());
          const [a, b] = [text(x), text(y)];
          // The oracle: the instants (or days) themselves, read back by `Date`.
          const expected = Math.sign(Date.parse(a) - Date.parse(b));
          expect(Math.sign(compareCursor(a, b))).toBe(expected);
          expect(Math.sign(compareCursor(b, a))).toBe(-expected);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS, 100),
  );

  it('orders text that starts like a date but is none (`2026-xx`) as text', () => {
    expect(compareCursor('2026-xx', '2026-xy')).toBeLessThan(0);
    expect(compareCursor('2027-', '2026-12-31')).toBeGreaterThan(0);
    expect(compareCursor('2026-1', '2026-01-01')).toBeGreaterThan(0);
    expect(maxCursor('0999-12-31', '+010000-01-01')).toBe('+010000-01-01');
  });
});

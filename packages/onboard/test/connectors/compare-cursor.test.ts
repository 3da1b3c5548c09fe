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

  it(
    'orders timestamps written with offsets and fractions of any length (as file sources keep them) as their instants',
    () => {
      // A UTC instant of years 0001-9998 in microseconds, written at an offset (`Z`, or `±HH:MM`,
      // `+00:00` too) with its fraction cut of trailing zeros (Go's RFC 3339, Python's isoformat).
      const written = fc.record({
        ms: fc.integer({ min: Date.parse('0001-01-02T00:00:00Z'), max: Date.parse('9998-12-30T00:00:00Z') }),
        micros: fc.constantFrom(0, 500, 123, 500_000, 120_000, 999_999, 1),
        offset: fc.constantFrom<number | 'Z'>('Z', 0, 120, -300, 330, -720, 840),
      });
      const text = ({ ms, micros, offset }: { ms: number; micros: number; offset: number | 'Z' }) => {
        const local = new Date(Math.floor(ms / 1000) * 1000 + (offset === 'Z' ? 0 : offset) * 60_000);
        const iso = local.toISOString().slice(0, 19);
        const fraction = String(micros).padStart(6, '0').replace(/0+$/, '');
        const sign = offset !== 'Z' && offset < 0 ? '-' : '+';
        const abs = offset === 'Z' ? 0 : Math.abs(offset);
        const zone =
          offset === 'Z'
            ? 'Z'
            : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        return `${iso}${fraction === '' ? '' : `.${fraction}`}${zone}`;
      };
      fc.assert(
        fc.property(written, written, fc.boolean(), (x, y, sameSecond) => {
          const second = sameSecond ? { ...y, ms: x.ms } : y;
          const [a, b] = [text(x), text(second)];
          // The oracle: the instants in microseconds, from the generated numbers, not from the text.
          const at = (v: { ms: number; micros: number }) =>
            BigInt(Math.floor(v.ms / 1000)) * 1_000_000n + BigInt(v.micros);
          const expected = at(x) < at(second) ? -1 : at(x) > at(second) ? 1 : 0;
          expect(Math.sign(compareCursor(a, b)) || 0, `${a} vs ${b}`).toBe(expected || 0);
          expect(Math.sign(compareCursor(b, a)) || 0, `${b} vs ${a}`).toBe(-expected || 0);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS, 100),
  );

  it('orders a whole second before its fractions, and an offset by its instant', () => {
    // As text `…:00Z` sorted after `…:00.5Z` ('Z' > '.'): a watermark of 10:00:00Z left the rows
    // of 10:00:00.7Z unread; and 00:00+02:00 (22:00 the day before) sorted after 00:00Z.
    expect(maxCursor('2024-01-01T10:00:00Z', '2024-01-01T10:00:00.5Z')).toBe('2024-01-01T10:00:00.5Z');
    expect(compareCursor('2024-01-01T10:00:00.7Z', '2024-01-01T10:00:00Z')).toBeGreaterThan(0);
    expect(compareCursor('2024-01-01T00:00:00+02:00', '2024-01-01T00:00:00Z')).toBeLessThan(0);
    expect(compareCursor('2024-01-01T00:00:00.5Z', '2024-01-01T00:00:00.123Z')).toBeGreaterThan(0);
    expect(compareCursor('2024-01-01', '2024-01-01T00:00:00.000000Z')).toBe(0);
    expect(compareCursor('2024-01-01', '2024-01-01T00:00:00.000001Z')).toBeLessThan(0);
    expect(compareCursor('2024-01-01 10:00:00', '2024-01-01T09:59:59.9Z')).toBeGreaterThan(0);
    expect(compareCursor('0999-12-31T23:00:00-02:00', '1000-01-01T00:30:00Z')).toBeGreaterThan(0);
    expect(compareCursor('2024-1-5', '2024-01-05')).toBeGreaterThan(0);
  });

  it('orders text that starts like a date but is none (`2026-xx`) as text', () => {
    expect(compareCursor('2026-xx', '2026-xy')).toBeLessThan(0);
    expect(compareCursor('2027-', '2026-12-31')).toBeGreaterThan(0);
    expect(compareCursor('2026-1', '2026-01-01')).toBeGreaterThan(0);
    expect(maxCursor('0999-12-31', '+010000-01-01')).toBe('+010000-01-01');
  });
});

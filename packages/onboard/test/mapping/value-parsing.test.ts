import { describe, expect, it } from 'vitest';
import { compileDateFormat } from '../../src/mapping/expressions/date-format.ts';
import { formatTimestamp, parseIso } from '../../src/mapping/expressions/date-instant.ts';
import { decimalReader, roundDecimal } from '../../src/mapping/expressions/parse-number.ts';
import { zoneOffsetMs } from '../../src/time/time-zone.ts';

const fail = (fn: () => unknown) => {
  try {
    return `no error: ${JSON.stringify(fn())}`;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  }
};

describe('decimal reading', () => {
  const us = decimalReader({ decimalSeparator: '.', groupSeparator: ',' });
  const de = decimalReader({ decimalSeparator: ',', groupSeparator: '.' });
  it('accepts group separators only between groups of three digits', () => {
    expect(us('1,234,567.5')).toBe('1234567.5');
    expect(de('1.234,50')).toBe('1234.50');
    expect(de('1 234,5')).toBe('1234.5');
    expect(us('.5')).toBe('0.5');
    expect(us('+0012')).toBe('12');
    expect(us('-0.00')).toBe('0.00');
    expect(fail(() => us('1.234,50'))).toBe('invalid_number');
    expect(fail(() => us('12,34'))).toBe('invalid_number');
    expect(fail(() => de('1.234.5'))).toBe('invalid_number');
    expect(fail(() => us('1e5'))).toBe('invalid_number');
    expect(fail(() => us(true))).toBe('invalid_number');
  });
  it('takes space characters as group separators, never a tab or line break (seed 110078249)', () => {
    expect(us('1\u2009234\u00a0567')).toBe('1234567');
    expect(de("1'234,5")).toBe('1234.5');
    expect(fail(() => us('0\t123'))).toBe('invalid_number');
    expect(fail(() => us('1\n234'))).toBe('invalid_number');
    expect(fail(() => de('1\r\n234,5'))).toBe('invalid_number');
  });
  it('rounds half away from zero and pads', () => {
    expect(roundDecimal('2.345', 2)).toBe('2.35');
    expect(roundDecimal('-2.345', 2)).toBe('-2.35');
    expect(roundDecimal('9.995', 2)).toBe('10.00');
    expect(roundDecimal('0.004', 2)).toBe('0.00');
    expect(roundDecimal('-0.004', 2)).toBe('0.00');
    expect(roundDecimal('12', 2)).toBe('12.00');
    expect(roundDecimal('12.5', 0)).toBe('13');
  });
});

describe('date formats', () => {
  it('reads every token', () => {
    const parts = compileDateFormat("EEE, d MMM yy 'at' h:mm:ss.SSS a XXX")(
      'Tue, 5 Mar 24 at 7:08:09.120 pm +01:00',
    );
    expect(parts).toMatchObject({
      year: 2024,
      month: 3,
      day: 5,
      hour: 19,
      minute: 8,
      second: 9,
      micros: 120000,
      offset: 60,
    });
    expect(compileDateFormat('MMMM d, yyyy')('September 30, 1999')).toMatchObject({
      year: 1999,
      month: 9,
      day: 30,
    });
    expect(compileDateFormat('yyyyMMddHHmmss')('20240102030405')).toMatchObject({
      month: 1,
      day: 2,
      hour: 3,
      second: 5,
    });
    expect(compileDateFormat('dd/MM/yy')('01/01/70')).toMatchObject({ year: 1970 });
    expect(compileDateFormat('h a')('12 am')).toMatchObject({ hour: 0 });
    expect(compileDateFormat("''yyyy''")("'2024'")).toMatchObject({ year: 2024 });
  });
  it('rejects text that does not match, and unknown tokens', () => {
    expect(fail(() => compileDateFormat('yyyy-MM-dd')('2024/01/02'))).toBe('invalid_date');
    expect(fail(() => compileDateFormat('MMM d')('Foo 3'))).toBe('invalid_date');
    expect(fail(() => compileDateFormat('h a')('13 pm'))).toBe('invalid_date');
    expect(fail(() => compileDateFormat('yyyy-qq'))).toBe('unknown token "qq" in date format "yyyy-qq"');
  });
  it('reads ISO-8601 with and without offsets', () => {
    expect(parseIso('2024-01-31T12:00:00.123456Z')).toMatchObject({ hour: 12, micros: 123456, offset: 0 });
    expect(parseIso('2024-01-31 12:00')).toMatchObject({ minute: 0, offset: undefined });
    expect(parseIso('2024-01-31T12:00:00-0330')).toMatchObject({ offset: -210 });
    expect(fail(() => parseIso('31.01.2024'))).toBe('invalid_date');
  });
  it('formats instants like Date#toISOString, with microseconds', () => {
    const instants = [
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '2000-02-29T12:34:56Z',
      '1900-03-01T00:00:00Z',
      '2100-12-31T23:59:59Z',
      '0099-06-15T01:02:03Z',
    ];
    for (const instant of instants) {
      const millis = Date.parse(instant);
      expect(formatTimestamp(millis, 42)).toBe(`${new Date(millis).toISOString().slice(0, 19)}.000042Z`);
    }
    for (let millis = Date.UTC(1899, 0, 1); millis < Date.UTC(2101, 0, 1); millis += 7_777_777_000) {
      expect(formatTimestamp(millis, 0)).toBe(`${new Date(millis).toISOString().slice(0, 19)}.000000Z`);
    }
  });

  it('knows zone offsets across daylight saving', () => {
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2024, 0, 15))).toBe(60 * 60_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2024, 6, 15))).toBe(120 * 60_000);
    expect(zoneOffsetMs('America/St_Johns', Date.UTC(2024, 6, 15))).toBe(-150 * 60_000);
    expect(zoneOffsetMs('Asia/Kathmandu', Date.UTC(2024, 6, 15))).toBe(345 * 60_000);
  });
});

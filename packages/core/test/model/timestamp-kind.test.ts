import { describe, expect, it } from 'vitest';
import { dateKind } from '../../src/model/kinds/date-kind.ts';
import { timestampKind } from '../../src/model/kinds/timestamp-kind.ts';

const parse = (text: string) => timestampKind.parse(text, { type: 'timestamp' });

describe('timestamp kind', () => {
  it('reads every dialect spelling of a stored value back to the canonical wire form', () => {
    const wire = '2023-05-01T10:11:12.123456Z';
    expect(timestampKind.fromDb('2023-05-01 10:11:12.123456')).toBe(wire);
    expect(timestampKind.fromDb('2023-05-01 10:11:12.123456+00')).toBe(wire);
    expect(timestampKind.fromDb('2023-05-01 10:11:12.1+00')).toBe('2023-05-01T10:11:12.100000Z');
    expect(timestampKind.fromDb('2023-05-01 10:11:12')).toBe('2023-05-01T10:11:12.000000Z');
    expect(timestampKind.fromDb(new Date(Date.UTC(2023, 4, 1, 10, 11, 12, 123)))).toBe(
      '2023-05-01T10:11:12.123000Z',
    );
    expect(timestampKind.fromDb(null)).toBeNull();
  });

  it('gives the same canonical text for a UTC value whatever its spelling of UTC', () => {
    const wire = '2024-02-29T23:59:59.120000Z';
    for (const text of [
      '2024-02-29T23:59:59.12Z',
      '2024-02-29t23:59:59.12z',
      '2024-02-29 23:59:59.120+00:00',
    ])
      expect(parse(text), text).toEqual({ ok: true, value: wire });
    expect(parse('2024-02-29T23:59:59.12-00:00')).toEqual({ ok: true, value: wire });
    expect(timestampKind.fromDb('2024-02-29 23:59:59.12+00')).toBe(wire);
    expect(timestampKind.fromDb('2024-02-29 23:59:59+00')).toBe('2024-02-29T23:59:59.000000Z');
  });

  it('reads years 0001..0099 back as themselves, not 1900 years later', () => {
    expect(timestampKind.fromDb('0050-06-15 00:00:00+00')).toBe('0050-06-15T00:00:00.000000Z');
    expect(timestampKind.fromDb('0001-01-01 00:00:00')).toBe('0001-01-01T00:00:00.000000Z');
    expect(parse('0099-12-31T23:59:59Z')).toEqual({ ok: true, value: '0099-12-31T23:59:59.000000Z' });
    expect(parse('0001-01-01T00:30:00-00:30')).toEqual({ ok: true, value: '0001-01-01T01:00:00.000000Z' });
    expect(dateKind.parse('0004-02-29', { type: 'date' })).toEqual({ ok: true, value: '0004-02-29' });
  });

  it('takes a value already canonical as it is, and reads a stored spelling only when every digit is one', () => {
    expect(parse('2023-05-01T10:11:12.123456Z')).toEqual({ ok: true, value: '2023-05-01T10:11:12.123456Z' });
    expect(parse('2023-05-01t10:11:12.123456z')).toEqual({ ok: true, value: '2023-05-01T10:11:12.123456Z' });
    expect(parse('2023-02-29T10:11:12.123456Z').ok).toBe(false);
    expect(parse('2023-05-01T10:11:12.12345xZ').ok).toBe(false);
    expect(timestampKind.fromDb('2023-05-01 10:11:12.000000')).toBe('2023-05-01T10:11:12.000000Z');
    // Not a stored spelling (a letter among the digits): returned as read, as before.
    for (const odd of [
      '2023-05-01 10:11:12.12345x',
      '2023-05-01 1x:11:12.123456',
      '2023-05-01_10:11:12.123456',
    ])
      expect(timestampKind.fromDb(odd), odd).toBe(odd);
  });

  it('stores what it reads back unchanged', () => {
    const wire = '1999-12-31T23:59:59.999999Z';
    expect(timestampKind.fromDb(timestampKind.toDb(wire))).toBe(wire);
  });

  it('refuses impossible dates, times and offsets instead of rolling them over', () => {
    const refused: [string, RegExp][] = [
      ['2024-13-01T00:00:00Z', /month 13/],
      ['2024-00-10T00:00:00Z', /month 00/],
      ['2023-02-29T00:00:00Z', /day 29 does not exist in 2023-02/],
      ['2024-02-30T00:00:00Z', /day 30/],
      ['2024-04-31T00:00:00Z', /day 31/],
      ['2024-01-01T24:00:00Z', /hour 24/],
      ['2024-01-01T23:60:00Z', /minute 60/],
      ['2024-01-01T23:59:60Z', /leap second/],
      ['2024-01-01T23:59:61Z', /second 61/],
      ['2024-01-01T00:00:00+99:99', /minutes 99/],
      ['2024-01-01T00:00:00+24:00', /outside -14:00..\+14:00/],
      ['2024-01-01T00:00:00+14:01', /outside/],
      ['2024-01-01T00:00:00-14:01', /outside/],
      ['2024-01-01T00:00:00+05:60', /minutes 60/],
      ['0000-12-31T00:00:00Z', /year 0/],
      ['2024-01-01T00:00:00.1234567Z', /more than 6 fraction digits/],
      ['2023-05-01 10:11:12.123456', /no zone/],
    ];
    for (const [text, reason] of refused) {
      const parsed = parse(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) {
        expect(parsed.code).toBe('invalid_format');
        expect(parsed.message, text).toMatch(reason);
      }
    }
    expect(dateKind.parse('2023-02-29', { type: 'date' }).ok).toBe(false);
    expect(dateKind.parse('2024-13-01', { type: 'date' }).ok).toBe(false);
    expect(dateKind.parse('0000-01-01', { type: 'date' }).ok).toBe(false);
  });

  it('accepts the widest real offsets and converts them exactly', () => {
    expect(parse('2024-01-01T00:00:00+14:00')).toEqual({ ok: true, value: '2023-12-31T10:00:00.000000Z' });
    expect(parse('2024-01-01T00:00:00-14:00')).toEqual({ ok: true, value: '2024-01-01T14:00:00.000000Z' });
    expect(parse('2024-02-29T05:45:00+0545')).toEqual({ ok: true, value: '2024-02-29T00:00:00.000000Z' });
    expect(parse('2024-01-01T00:00:00.120000000Z')).toEqual({
      ok: true,
      value: '2024-01-01T00:00:00.120000Z',
    });
  });
});

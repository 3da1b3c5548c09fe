import { describe, expect, it } from 'vitest';
import { cursorCandidates } from '../../src/connectors/shared/cursor-candidates.ts';
import { keysetCondition } from '../../src/connectors/shared/keyset.ts';
import { rowNormaliser, rowsConverter } from '../../src/connectors/shared/row-normaliser.ts';
import { quoteWith, type SqlDialect } from '../../src/connectors/shared/sql-dialect.ts';
import {
  toNaiveTimestamp,
  toUtcTimestamp,
  utcTimestampReader,
} from '../../src/connectors/shared/timestamps.ts';
import { redactSourceUrl } from '../../src/connectors/source-url.ts';

describe('timestamps', () => {
  it('keeps microseconds and applies offsets', () => {
    expect(toUtcTimestamp('2024-01-31 12:00:00.1234567', 'UTC')).toBe('2024-01-31T12:00:00.123456Z');
    expect(toUtcTimestamp('2024-01-31 12:00:00+05:30', 'UTC')).toBe('2024-01-31T06:30:00.000000Z');
    expect(toUtcTimestamp('2024-01-31 00:30:00-01', 'Europe/Paris')).toBe('2024-01-31T01:30:00.000000Z');
    expect(toUtcTimestamp('2024-02-29', 'UTC')).toBe('2024-02-29T00:00:00.000000Z');
    expect(toUtcTimestamp('31/01/2024', 'UTC')).toBeNull();
  });

  it('reads naive times in a zone, across daylight saving changes', () => {
    expect(toUtcTimestamp('2024-03-31 01:59:59', 'Europe/Paris')).toBe('2024-03-31T00:59:59.000000Z');
    expect(toUtcTimestamp('2024-03-31 03:00:00', 'Europe/Paris')).toBe('2024-03-31T01:00:00.000000Z');
    // 02:30 happens twice on 27 October: the earlier instant (summer time) is taken.
    expect(toUtcTimestamp('2024-10-27 02:30:00', 'Europe/Paris')).toBe('2024-10-27T00:30:00.000000Z');
    // 02:30 does not exist on 31 March: read as 03:30 summer time.
    expect(toUtcTimestamp('2024-03-31 02:30:00', 'Europe/Paris')).toBe('2024-03-31T01:30:00.000000Z');
    expect(toUtcTimestamp('2024-06-01 12:00:00.5', 'America/New_York')).toBe('2024-06-01T16:00:00.500000Z');
  });

  it("reads a column's texts one after another as toUtcTimestamp does, its remembered date or not", () => {
    const texts = [
      '2024-01-31 12:00:00',
      '2024-01-31 12:00:01.5',
      '2024-01-31T23:59:59.1234567',
      '2024-01-31 12:00:00+05:30',
      '2024-01-31',
      '2024-01-31 1:00:00',
      '2024-01-31 12:0a:00',
      '2024-01-31 32:00:00',
      '2024-01-31 12:00:00.',
      '2024-01-31 12:00:00.1234567890',
      '2024-01-31x12:00:00',
      '2024-02-01 00:00:00',
      '2024-02-01 00:00:00Z',
      '2024-13-01 00:00:00',
      '2024-00-01 00:00:00',
      '2024-02-00 00:00:00',
      '2024-02-1a 00:00:00',
      '31/01/2024 00:00:00',
      '',
      '2024-02-01 00:00:00',
      '2024-02-01 24:00:00',
    ];
    for (const zone of ['UTC', 'Europe/Paris']) {
      const read = utcTimestampReader(zone);
      expect(texts.map((text) => read(text))).toEqual(texts.map((text) => toUtcTimestamp(text, zone)));
    }
    expect(utcTimestampReader('UTC')('2024-01-31 12:00:00.25')).toBe('2024-01-31T12:00:00.250000Z');
  });

  it('turns instants back into naive local text for query parameters', () => {
    expect(toNaiveTimestamp('2024-06-01T16:00:00.500000Z', 'America/New_York')).toBe(
      '2024-06-01 12:00:00.500000',
    );
    expect(toNaiveTimestamp('2024-01-31T12:00:00.123456Z', 'UTC')).toBe('2024-01-31 12:00:00.123456');
  });
});

describe('keyset conditions', () => {
  const dialect = (rowValueComparison: boolean): SqlDialect => ({
    quote: (id) => quoteWith('"', id),
    placeholder: (i) => `$${i}`,
    rowValueComparison,
  });

  it('uses row values where the dialect supports them', () => {
    expect(keysetCondition(dialect(true), ['a', 'b'], '>', [1, 'x'], 3)).toEqual({
      sql: '("a", "b") > ($3, $4)',
      params: [1, 'x'],
    });
  });

  it('expands composite bounds lexicographically otherwise', () => {
    expect(keysetCondition(dialect(false), ['a', 'b'], '<=', [1, 'x'], 1)).toEqual({
      sql: '(("a" < $1) OR ("a" = $2 AND "b" <= $3))',
      params: [1, 1, 'x'],
    });
  });

  it('quotes hostile identifiers', () => {
    expect(keysetCondition(dialect(true), ['we"ird'], '>', [1], 1).sql).toBe('"we""ird" > $1');
  });
});

describe('cursor candidates and URLs', () => {
  it('ranks updated-like timestamps before created-like ones and ignores other columns', () => {
    const column = (name: string, type: 'timestamp' | 'string' | 'integer') => ({
      name,
      type,
      nativeType: type,
      nullable: true,
    });
    expect(
      cursorCandidates([
        column('created_at', 'timestamp'),
        column('updated_by', 'string'),
        column('LastUpdate', 'timestamp'),
        column('version', 'integer'),
        column('birth', 'timestamp'),
      ]),
    ).toEqual(['LastUpdate', 'created_at', 'version']);
  });

  it('never prints a password', () => {
    expect(redactSourceUrl('postgres://u:s3cr%40t@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactSourceUrl('sqlite:/tmp/a.db')).toBe('sqlite:/tmp/a.db');
  });
});

describe('row builders', () => {
  const converters = [(v: unknown) => `#${String(v)}`, null, (v: unknown) => Number(v) * 2];
  it('convert row objects in place like arrays, nulls left null', () => {
    const names = ['a', 'b', 'c'];
    const fromArray = rowNormaliser(names, converters)(['x', 'y', null]);
    const object: Record<string, unknown> = { a: 'x', b: 'y', c: null };
    const other: Record<string, unknown> = { a: 1, b: null, c: '21' };
    const rows = [object, other];
    expect(rowsConverter(names, converters)?.(rows, true)).toBe(true);
    expect(rows[0]).toBe(object);
    expect(object).toEqual(fromArray);
    expect(Object.keys(object)).toEqual(names);
    expect(other).toEqual({ a: '#1', b: null, c: 42 });
  });
  it('stop at a number beyond 2^53 in a lossy column when asked to check', () => {
    const names = ['a', 'b', 'c'];
    const convert = rowsConverter(names, converters, ['c']);
    const rows = () => [
      { a: 1, b: 2 ** 60, c: 3 },
      { a: 4, b: 5, c: -(2 ** 53) },
      { a: 7, b: 8, c: 9 },
    ];
    const checked = rows();
    expect(convert?.(checked, true)).toBe(false);
    // The rows before the lossy one are converted, the rest untouched.
    expect(checked).toEqual([{ a: '#1', b: 2 ** 60, c: 6 }, ...rows().slice(1)]);
    const unchecked = rows();
    expect(convert?.(unchecked, false)).toBe(true);
    expect(unchecked.map((row) => row.c)).toEqual([6, -(2 ** 54), 18]);
    const safe = [{ a: 1, b: 2, c: Number.MAX_SAFE_INTEGER }];
    expect(convert?.(safe, true)).toBe(true);
  });
  it('give no object converter for names that cannot key one', () => {
    expect(rowsConverter(['a', 'a', 'c'], converters)).toBeNull();
    expect(rowsConverter(['a', '__proto__', 'c'], converters)).toBeNull();
  });
});

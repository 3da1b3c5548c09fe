import { describe, expect, it } from 'vitest';
import { cursorCandidates } from '../../src/connectors/shared/cursor-candidates.ts';
import { keysetCondition } from '../../src/connectors/shared/keyset.ts';
import { rowConverter, rowNormaliser } from '../../src/connectors/shared/row-normaliser.ts';
import { quoteWith, type SqlDialect } from '../../src/connectors/shared/sql-dialect.ts';
import { toNaiveTimestamp, toUtcTimestamp } from '../../src/connectors/shared/timestamps.ts';
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
    const converted = rowConverter(names, converters)?.(object);
    expect(converted).toBe(object);
    expect(converted).toEqual(fromArray);
    expect(Object.keys(converted ?? {})).toEqual(names);
    expect(rowConverter(names, converters)?.({ a: 1, b: null, c: '21' })).toEqual({
      a: '#1',
      b: null,
      c: 42,
    });
  });
  it('give no object converter for names that cannot key one', () => {
    expect(rowConverter(['a', 'a', 'c'], converters)).toBeNull();
    expect(rowConverter(['a', '__proto__', 'c'], converters)).toBeNull();
  });
});

import type { FieldSchema } from '@madeup/contract';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, Partition } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { toUtcTimestamp } from '../../src/connectors/shared/timestamps.ts';
import { kindOf } from '../../src/errors/kind-of.ts';
import { fieldConverter } from '../../src/mapping/field-conversion.ts';
import { assertTimeZone, wallTimeToUtc } from '../../src/time/time-zone.ts';
import { execSql } from '../connectors/sql-exec.ts';
import { evaluate } from '../mapping/expression-harness.ts';

/**
 * Wall-clock times at daylight-saving changes, with the instant the documented rule gives:
 * a fold (a time that happens twice) is the earlier instant; a gap (a time that never happens)
 * takes the offset from before the gap.
 */
const CASES = [
  { zone: 'Europe/Berlin', kind: 'fold', wall: '2024-10-27 02:30:00', utc: '2024-10-27T00:30:00.000000Z' },
  { zone: 'Europe/Berlin', kind: 'gap', wall: '2024-03-31 02:30:00', utc: '2024-03-31T01:30:00.000000Z' },
  { zone: 'America/New_York', kind: 'fold', wall: '2024-11-03 01:30:00', utc: '2024-11-03T05:30:00.000000Z' },
  { zone: 'America/New_York', kind: 'gap', wall: '2024-03-10 02:30:00', utc: '2024-03-10T07:30:00.000000Z' },
  // Lord Howe moves its clocks by 30 minutes: 02:00 -> 01:30 in April, 02:00 -> 02:30 in October.
  {
    zone: 'Australia/Lord_Howe',
    kind: 'fold',
    wall: '2024-04-07 01:45:00',
    utc: '2024-04-06T14:45:00.000000Z',
  },
  {
    zone: 'Australia/Lord_Howe',
    kind: 'gap',
    wall: '2024-10-06 02:15:00',
    utc: '2024-10-05T15:45:00.000000Z',
  },
  // Paris left local mean time (+00:09:21) at 1911-03-10 23:50:39Z, inside a quarter hour: the
  // offset cached for the quarter hour's start read times after the change with the old offset.
  { zone: 'Europe/Paris', kind: 'fold', wall: '1911-03-10 23:55:00', utc: '1911-03-10T23:45:39.000000Z' },
  {
    zone: 'Europe/Paris',
    kind: 'after a fold',
    wall: '1911-03-11 00:00:00',
    utc: '1911-03-11T00:00:00.000000Z',
  },
  {
    zone: 'Europe/Paris',
    kind: 'after a fold',
    wall: '1911-03-11 00:05:00',
    utc: '1911-03-11T00:05:00.000000Z',
  },
] as const;

const timestampField = { name: 'at', type: 'timestamp', required: false } as unknown as FieldSchema;
const dateField = { name: 'on', type: 'date', required: false } as unknown as FieldSchema;

describe('one time-zone rule for connectors and mappings', () => {
  for (const c of CASES) {
    it(`${c.zone} ${c.kind} ${c.wall} is ${c.utc} in the connector, in an expression and in a field`, () => {
      expect(toUtcTimestamp(c.wall, c.zone)).toBe(c.utc);
      expect(evaluate({ timestamp: 'at', timezone: c.zone }, { at: c.wall })).toBe(c.utc);
      expect(evaluate({ timestamp: 'at' }, { at: c.wall }, { timeZone: c.zone })).toBe(c.utc);
      expect(fieldConverter(timestampField, c.zone)(c.wall)).toBe(c.utc);
      expect(
        evaluate(
          { timestamp: 'at', format: 'dd.MM.yyyy HH:mm:ss', timezone: c.zone },
          {
            at: `${c.wall.slice(8, 10)}.${c.wall.slice(5, 7)}.${c.wall.slice(0, 4)} ${c.wall.slice(11)}`,
          },
        ),
      ).toBe(c.utc);
    });
  }

  it('agrees on every quarter hour around each change (both engines used to differ at folds)', () => {
    for (const c of CASES) {
      const [day] = c.wall.split(' ');
      for (let q = 0; q < 24 * 4; q++) {
        const wall = `${day} ${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}:00`;
        expect(evaluate({ timestamp: 'at' }, { at: wall }, { timeZone: c.zone })).toBe(
          toUtcTimestamp(wall, c.zone),
        );
      }
    }
    expect(wallTimeToUtc('UTC', 1234)).toBe(1234);
  });

  it('an unknown zone is a config error naming it', () => {
    let error: unknown;
    try {
      assertTimeZone('Mars/Olympus_Mons');
    } catch (thrown) {
      error = thrown;
    }
    expect(kindOf(error)).toBe('config');
    expect((error as Error).message).toBe(
      'unknown time zone "Mars/Olympus_Mons"; use an IANA name such as UTC or Europe/Paris',
    );
  });
});

/**
 * `--timezone` applies the same way to every source: a DATE read from PostgreSQL, MariaDB or
 * SQLite becomes midnight in the zone when it feeds a timestamp, and a naive DATETIME at a fold
 * or gap becomes the instant the rule gives, and the calendar day in the zone when it feeds a date.
 */
describeEachDialect('--timezone on DATE and naive timestamp columns', (target) => {
  const database = useTestDatabase(target, 'tz');
  const naive = { postgres: 'timestamp', mysql: 'DATETIME(6)', sqlite: 'DATETIME' }[target.name];
  let connector: Connector;
  let rows: Record<string, unknown>[] = [];

  beforeAll(async () => {
    await execSql(database(), [
      `CREATE TABLE days (id INTEGER PRIMARY KEY, d DATE, ts ${naive})`,
      "INSERT INTO days VALUES (1, '2024-10-27', '2024-10-27 02:30:00'), (2, '2024-03-31', '2024-03-31 02:30:00'), (3, '2024-01-31', '2024-01-31 00:00:00')",
    ]);
    connector = openConnector({ url: database().url, timezone: 'Europe/Berlin', onWarning: () => {} });
    const stream = (await connector.discover()).find((s) => s.name.endsWith('days'));
    if (stream === undefined) throw new Error('table days not discovered');
    const [partition] = await connector.partition(stream, 10);
    for await (const batch of connector.read(stream, partition as Partition, { batchSize: 10 }))
      rows.push(...batch);
    rows = rows.sort((a, b) => Number(a['id']) - Number(b['id']));
  });
  afterAll(async () => {
    await connector?.close();
  });

  it('reads a DATE as the calendar day and a naive timestamp by the fold and gap rule', () => {
    expect(rows.map((r) => [r['d'], r['ts']])).toEqual([
      ['2024-10-27', '2024-10-27T00:30:00.000000Z'],
      ['2024-03-31', '2024-03-31T01:30:00.000000Z'],
      ['2024-01-31', '2024-01-30T23:00:00.000000Z'],
    ]);
  });

  it('turns the DATE into midnight in the zone, and the timestamp into its day in the zone', () => {
    const asInstant = (value: unknown) => fieldConverter(timestampField, 'Europe/Berlin')(value);
    const asDay = (value: unknown) => fieldConverter(dateField, 'Europe/Berlin')(value);
    expect(rows.map((r) => asInstant(r['d']))).toEqual([
      '2024-10-26T22:00:00.000000Z',
      '2024-03-30T23:00:00.000000Z',
      '2024-01-30T23:00:00.000000Z',
    ]);
    expect(rows.map((r) => evaluate({ timestamp: 'd' }, r as never, { timeZone: 'Europe/Berlin' }))).toEqual(
      rows.map((r) => asInstant(r['d'])),
    );
    expect(rows.map((r) => asDay(r['ts']))).toEqual(['2024-10-27', '2024-03-31', '2024-01-31']);
    expect(rows.map((r) => evaluate({ date: 'ts' }, r as never, { timeZone: 'Europe/Berlin' }))).toEqual([
      '2024-10-27',
      '2024-03-31',
      '2024-01-31',
    ]);
  });
});

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/** Values PostgreSQL holds before year 1 (`… BC`) and after 9999, with how each must read. */
const CASES = [
  [
    '0001-01-01 BC',
    '0001-12-31 23:59:59.5 BC',
    '0001-01-01 00:00:00+01',
    '0000-01-01',
    '0000-12-31T23:59:59.500000Z',
    '0000-12-31T23:00:00.000000Z',
  ],
  [
    '0044-03-15 BC',
    '0044-03-15 12:00 BC',
    '0044-03-15 12:00+00 BC',
    '-000043-03-15',
    '-000043-03-15T12:00:00.000000Z',
    '-000043-03-15T12:00:00.000000Z',
  ],
  [
    '10000-01-01',
    '10000-01-01 00:00:00',
    '9999-12-31 23:00:00-02',
    '+010000-01-01',
    '+010000-01-01T00:00:00.000000Z',
    '+010000-01-01T01:00:00.000000Z',
  ],
  [
    '9999-12-31',
    '9999-12-31 23:59:59.999999',
    '0001-01-01 00:00:00+00',
    '9999-12-31',
    '9999-12-31T23:59:59.999999Z',
    '0001-01-01T00:00:00.000000Z',
  ],
] as const;

/**
 * PostgreSQL dates and timestamps before year 1 or after 9999 read in ISO 8601's expanded form
 * (year 0 is 1 BC), as `toISOString` writes them. They used to read as null with a warning
 * (timestamps), or silently as the same day AD (`0001-01-01 BC` as `0001-01-01`).
 */
describeEachDialect(
  'PostgreSQL years outside 1-9999',
  (target) => {
    const database = useTestDatabase(target, 'years');

    it('read as ISO 8601 expanded years, never as null or as another day', async () => {
      const db = database();
      const rows = CASES.map(([d, ts, tz], i) => `(${i}, '${d}', '${ts}', '${tz}')`);
      await execSql(db, [
        'CREATE TABLE years (id INT PRIMARY KEY, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ)',
        `SET TimeZone = 'UTC'; INSERT INTO years VALUES ${rows.join(', ')}`,
      ]);
      const warnings: string[] = [];
      const connector = openConnector({ url: db.url, onWarning: (w) => warnings.push(w) });
      try {
        const stream = (await connector.discover()).find((s) => s.name === 'public.years');
        if (stream === undefined) throw new Error('no stream years');
        const [partition] = await connector.partition(stream, 1000);
        if (partition === undefined) throw new Error('no partition');
        const read = await readAll(connector, stream, partition, 100);
        expect(read.map((row) => [row['d'], row['ts'], row['tz']])).toEqual(CASES.map((c) => c.slice(3)));
        expect(warnings).toEqual([]);
      } finally {
        await connector.close();
      }
    });
  },
  ['postgres'],
);

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { beforeAll, expect, it } from 'vitest';
import type { Connector, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql, insertRows } from './sql-exec.ts';

/** The stream named `table` (PostgreSQL names it `public.table`). */
async function streamOf(connector: Connector, table: string): Promise<StreamInfo> {
  const stream = (await connector.discover()).find((s) => s.name === table || s.name === `public.${table}`);
  if (stream === undefined) throw new Error(`no stream ${table}`);
  return stream;
}

/**
 * `cursorCeiling` is the largest cursor value as an incremental read compares it: the planner
 * caps a run's watermark with it, so a value past the real largest would lose rows and one short
 * of it would have every incremental run read rows again.
 */
describeEachDialect('the cursor ceiling', (target) => {
  const database = useTestDatabase(target, 'ceil');
  const timestamp = { postgres: 'timestamp(6)', mysql: 'DATETIME(6)', sqlite: 'DATETIME' }[target.name];
  const decimal = { postgres: 'numeric(20,6)', mysql: 'DECIMAL(20,6)', sqlite: 'INTEGER' }[target.name];
  beforeAll(() =>
    execSql(database(), [
      `CREATE TABLE stamped (id INT PRIMARY KEY, at ${timestamp}, amount ${decimal})`,
      ...insertRows('stamped', [
        `(1, '2026-03-01 10:00:00.000001', 9500)`,
        `(2, '2026-03-01 10:00:00.000002', 10500)`,
        `(3, NULL, NULL)`,
        `(4, '2026-02-28 23:59:59', -3)`,
      ]),
      `CREATE TABLE empty_one (id INT PRIMARY KEY, at ${timestamp})`,
    ]),
  );

  it('is the largest value, as read, of a timestamp and of a number; null for an empty table', async () => {
    const connector = openConnector({ url: database().url });
    try {
      const stamped = await streamOf(connector, 'stamped');
      expect(await connector.cursorCeiling?.(stamped, 'at')).toBe('2026-03-01T10:00:00.000002Z');
      const amount = await connector.cursorCeiling?.(stamped, 'amount');
      expect(Number(amount)).toBe(10500);
      expect(await connector.cursorCeiling?.(await streamOf(connector, 'empty_one'), 'at')).toBeNull();
    } finally {
      await connector.close();
    }
  });

  if (target.name === 'sqlite')
    it('SQLite: compares text timestamps of any spelling, and numbers, by instant', async () => {
      // 10:00:01 UTC as epoch seconds: SQLite sorts every number before every text.
      const epoch = Date.UTC(2026, 2, 1, 10, 0, 1) / 1000;
      await execSql(database(), [
        'CREATE TABLE spelled (id INTEGER PRIMARY KEY, at DATETIME)',
        // 'T' sorts after ' ', and an offset's text after UTC's: neither is the latest instant.
        `INSERT INTO spelled VALUES (1, '2026-03-01T09:00:00'), (2, '2026-03-01 14:00:00+05:00'), (3, '2026-03-01 10:00:00'), (4, ${epoch})`,
      ]);
      const connector = openConnector({ url: database().url });
      try {
        const spelled = await streamOf(connector, 'spelled');
        expect(await connector.cursorCeiling?.(spelled, 'at')).toBe('2026-03-01T10:00:01.000000Z');
      } finally {
        await connector.close();
      }
    });
});

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import mysql from 'mysql2/promise';
import { expect, it } from 'vitest';
import { mysqlParam } from '../../src/connectors/mysql/encode-param.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/** Seconds after 2024-01-01 00:00:00 UTC, written as wall times in a UTC session. */
const SECONDS = [0, 0.5, 1, 86_400, 86_400.25, 31_000_000];
const wall = (s: number) =>
  new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString().replace('T', ' ').replace('Z', '');

describeEachDialect(
  'MariaDB TIMESTAMP bounds and cursors',
  (target) => {
    const database = useTestDatabase(target, 'tsparams');

    it('compare without warning 1292 and select the same rows', async () => {
      const db = database();
      await execSql(db, [
        "SET time_zone = '+00:00'",
        'CREATE TABLE events (at TIMESTAMP(6) PRIMARY KEY, n INT NOT NULL)',
        `INSERT INTO events VALUES ${SECONDS.map((s, i) => `('${wall(s)}', ${i})`).join(', ')}`,
      ]);
      const connector = openConnector({ url: db.url });
      let values: string[];
      try {
        const stream = (await connector.discover()).find((s) => s.name === 'events');
        if (stream === undefined) throw new Error('no stream events');
        // Small partitions: their bounds are TIMESTAMP parameters.
        const partitions = await connector.partition(stream, 2);
        const rows = [];
        for (const partition of partitions) rows.push(...(await readAll(connector, stream, partition, 100)));
        expect(rows.map((row) => row['n']).sort()).toEqual(SECONDS.map((_, i) => i));
        values = rows.map((row) => String(row['at']));
      } finally {
        await connector.close();
      }
      // Each value as the connector read it, sent back as a bound: the server reads it without a
      // warning and it selects the rows after it.
      const connection = await mysql.createConnection({ uri: db.url, timezone: 'Z' });
      try {
        await connection.query("SET time_zone = '+00:00'");
        for (const [i, value] of values.sort().entries()) {
          const param = mysqlParam(value, { type: 'timestamp', zoned: true } as never);
          const [rows] = await connection.query('SELECT COUNT(*) AS c FROM events WHERE at > ?', [param]);
          const [warnings] = await connection.query('SHOW WARNINGS');
          expect({ value, warnings }).toEqual({ value, warnings: [] });
          expect(Number((rows as { c: number }[])[0]?.c)).toBe(SECONDS.length - 1 - i);
        }
      } finally {
        await connection.end();
      }
    });
  },
  ['mysql'],
);

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import mysql from 'mysql2/promise';
import { expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { kindOf } from '../../src/errors/kind-of.ts';
import { execSql } from './sql-exec.ts';

/**
 * A MariaDB read whose connection the server closes mid-stream (`KILL`; a restart or a network
 * failure alike) fails with the connection's error, a transient one, and does not wait forever: mysql2 reports a fatal error of a streamed query
 * (no callback) on the connection only, never on the query's stream.
 */
describeEachDialect(
  'a MariaDB read losing its connection',
  (target) => {
    const database = useTestDatabase(target, 'killed');

    it('fails instead of hanging', async () => {
      const db = database();
      await execSql(db, [
        'CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(200))',
        'CREATE TABLE digit (d INT)',
        'INSERT INTO digit VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)',
        "INSERT INTO big SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d, REPEAT('x', 200) FROM digit a, digit b, digit c, digit e, digit f",
      ]);
      const connector = openConnector({ url: db.url });
      const killer = await mysql.createConnection({ uri: db.url });
      try {
        const stream = (await connector.discover()).find((s) => s.name === 'big') as StreamInfo;
        const [partition] = await connector.partition(stream, 1_000_000);
        const batches = connector.read(stream, partition!, { batchSize: 100 })[Symbol.asyncIterator]();
        expect((await batches.next()).value).toHaveLength(100);
        const [rows] = await killer.query(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'SELECT %big%' AND ID <> CONNECTION_ID()",
        );
        const id = (rows as { ID: number }[])[0]?.ID;
        expect(id).toBeDefined();
        await killer.query(`KILL ${id}`);
        const outcome = await Promise.race([
          (async () => {
            for (;;) if ((await batches.next()).done) return 'ended';
          })().catch((error: unknown) => error),
          new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000)),
        ]);
        expect(outcome).toBeInstanceOf(Error);
        // The server's closing of the connection, a transient failure (retried, then resumed).
        expect(kindOf(outcome)).toBe('transient');
      } finally {
        await killer.end();
        await connector.close();
      }
    }, 60_000);
  },
  ['mysql'],
);

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { kindOf } from '../../src/errors/kind-of.ts';
import { execSql } from './sql-exec.ts';

/** The statements that fill `big` with 100,000 rows, and the one that ends the read's connection. */
const DIALECT = {
  postgres: {
    seed: ["INSERT INTO big SELECT i, repeat('x', 200) FROM generate_series(1, 100000) AS i"],
    kill: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%big%' AND pid <> pg_backend_pid()",
  },
  mysql: {
    seed: [
      'CREATE TABLE digit (d INT)',
      'INSERT INTO digit VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)',
      "INSERT INTO big SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d, REPEAT('x', 200) FROM digit a, digit b, digit c, digit e, digit f",
    ],
    kill: null,
  },
} as const;

/**
 * A read whose connection the server closes mid-stream (MariaDB `KILL`, PostgreSQL
 * `pg_terminate_backend`; a restart or a network failure alike) fails with the connection's error,
 * a transient one, and does not wait forever; the connector still closes. Both drivers report such
 * an error on the connection only, not on the query's stream (pg: as an uncaught error event).
 */
describeEachDialect(
  'a read losing its connection',
  (target) => {
    const database = useTestDatabase(target, 'killed');
    const dialect = target.name as 'postgres' | 'mysql';

    it('fails instead of hanging', async () => {
      const db = database();
      await execSql(db, [
        'CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(200))',
        ...DIALECT[dialect].seed,
      ]);
      const connector = openConnector({ url: db.url });
      try {
        const stream = (await connector.discover()).find((s) => s.name.endsWith('big')) as StreamInfo;
        const [partition] = await connector.partition(stream, 1_000_000);
        const batches = connector.read(stream, partition!, { batchSize: 100 })[Symbol.asyncIterator]();
        expect((await batches.next()).value).toHaveLength(100);
        const kill =
          DIALECT[dialect].kill ??
          `KILL ${
            (
              await execSql(db, [
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'SELECT %big%' AND ID <> CONNECTION_ID()",
              ])
            )[0]?.[0]?.toString() ?? 'no connection found'
          }`;
        await execSql(db, [kill]);
        const outcome = await Promise.race([
          (async () => {
            for (;;) if ((await batches.next()).done) return 'ended';
          })().catch((error: unknown) => error),
          // Far more than the moment the error takes, on a loaded machine too; within the test's timeout.
          new Promise((resolve) => setTimeout(() => resolve('hung'), 40_000)),
        ]);
        expect(outcome).toBeInstanceOf(Error);
        // The server's closing of the connection, a transient failure (retried, then resumed).
        expect(kindOf(outcome)).toBe('transient');
      } finally {
        await connector.close();
      }
    }, 60_000);
  },
  ['mysql', 'postgres'],
);

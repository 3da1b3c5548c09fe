import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { createMysqlDriver } from '../../src/connectors/mysql/mysql-connector.ts';
import { SqlConnector } from '../../src/connectors/shared/sql-connector.ts';
import type { SqlDriver } from '../../src/connectors/shared/sql-driver.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/**
 * A MariaDB table with a DOUBLE column (read through `CAST(... AS CHAR)`, select-column.ts) is read
 * with mysql2's object rows, the fast path, like any other table, with the same values in key
 * order, also when the DOUBLE is the key (the select list names the cast after the column, so
 * `ORDER BY` must still mean the column, not the cast's text: 10.5 after 9.5). The real driver
 * reads the real server; the test only looks at which rows the connector asks it for.
 */
describeEachDialect(
  'MariaDB reads of DOUBLE columns',
  (target) => {
    const database = useTestDatabase(target, 'dblrows');

    it('use object rows, reading every value in key order', async () => {
      const db = database();
      await execSql(db, [
        'CREATE TABLE m (id INT PRIMARY KEY, d DOUBLE, f FLOAT, name VARCHAR(10))',
        "INSERT INTO m VALUES (1, 90831218.00733575, 514.14, 'a'), (2, NULL, NULL, 'b'), (3, -0.1, 1.5, NULL)",
        'CREATE TABLE k (d DOUBLE PRIMARY KEY, n INT)',
        'INSERT INTO k VALUES (10.5, 1), (9.5, 2), (-1, 3), (100, 4)',
      ]);
      const driver = createMysqlDriver({ url: db.url });
      const objectRows: boolean[] = [];
      const watched: SqlDriver = {
        ...driver,
        discover: () => driver.discover(),
        query: (sql, params) => driver.query(sql, params),
        check: () => driver.check(),
        close: () => driver.close(),
        stream(sql, params, options) {
          objectRows.push(options.objectRows !== undefined);
          return driver.stream(sql, params, options);
        },
      };
      const connector = new SqlConnector(watched, { timeZone: 'UTC', warn: () => {} });
      try {
        const streams = await connector.discover();
        const read = async (name: string, target: number) => {
          const stream = streams.find((s) => s.name === name) as StreamInfo;
          const rows: Row[] = [];
          for (const partition of await connector.partition(stream, target))
            rows.push(...(await readAll(connector, stream, partition, 2)));
          return rows.map((row) => ({ ...row }));
        };
        expect(await read('m', 2)).toEqual([
          { id: 1, d: 90831218.00733575, f: 514.14, name: 'a' },
          { id: 2, d: null, f: null, name: 'b' },
          { id: 3, d: -0.1, f: 1.5, name: null },
        ]);
        // One partition: its rows in text order would be -1, 10.5, 100, 9.5.
        expect(await read('k', 10)).toEqual([
          { d: -1, n: 3 },
          { d: 9.5, n: 2 },
          { d: 10.5, n: 1 },
          { d: 100, n: 4 },
        ]);
        expect(objectRows.length).toBeGreaterThan(0);
        expect(objectRows.every(Boolean)).toBe(true);
      } finally {
        await connector.close();
      }
    });
  },
  ['mysql'],
);

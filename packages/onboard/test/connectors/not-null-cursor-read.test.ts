import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Connector, ReadOptions, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql } from './sql-exec.ts';

/** Every id an incremental read of `table` returns, partition by partition. */
async function readIds(
  url: string,
  table: string,
  options: Omit<ReadOptions, 'batchSize'>,
): Promise<number[]> {
  const connector: Connector = openConnector({ url });
  try {
    const stream: StreamInfo | undefined = (await connector.discover()).find((s) => s.name === table);
    if (stream === undefined) throw new Error(`no stream ${table}`);
    const ids: number[] = [];
    for (const partition of await connector.partition(stream, 1_000_000))
      for await (const rows of connector.read(stream, partition, { batchSize: 1000, ...options }))
        ids.push(...rows.map((row) => Number(row['id'])));
    return ids.sort((a, b) => a - b);
  } finally {
    await connector.close();
  }
}

/**
 * An incremental read on a cursor column declared NOT NULL asks for no `OR cursor IS NULL`: there
 * is no null to read, and the OR turned SQLite's index seek on the cursor into a scan of the whole
 * table (each incremental run of a big table read it all to find the few changed rows).
 */
describeEachDialect(
  'an incremental read on a NOT NULL cursor column',
  (target) => {
    const database = useTestDatabase(target, 'nncur');
    // Enough rows that SQLite, knowing the table's size (ANALYZE), seeks the index rather than
    // walks the key order for a batch's LIMIT.
    const ROWS = 100_000;

    beforeAll(async () => {
      await execSql(database(), [
        'CREATE TABLE events (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, payload TEXT)',
        'CREATE INDEX events_seq ON events (seq)',
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS}) INSERT INTO events SELECT i, i, 'x' FROM n`,
        'ANALYZE',
      ]);
    });

    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('reads the rows past the watermark through the index on the cursor', async () => {
      // The statements the connector prepares (the real SQLite runs them), to ask SQLite how it
      // runs them: the oracle is SQLite's own query plan, not the text of the SQL.
      const prepared: string[] = [];
      const prepare = Database.prototype.prepare;
      vi.spyOn(Database.prototype, 'prepare').mockImplementation(function (
        this: Database.Database,
        sql: string,
      ) {
        prepared.push(sql);
        return prepare.call(this, sql);
      });
      const ids = await readIds(database().url, 'events', { cursor: { column: 'seq', value: ROWS - 5 } });
      vi.restoreAllMocks();
      expect(ids).toEqual([ROWS - 4, ROWS - 3, ROWS - 2, ROWS - 1, ROWS]);
      const reads = prepared.filter((sql) => sql.includes('"seq" >'));
      expect(reads.length).toBeGreaterThan(0);
      const db = new Database(database().url.slice('sqlite:'.length), { readonly: true });
      try {
        for (const sql of reads) {
          const params = (sql.match(/\?/g) ?? []).map(() => ROWS - 5);
          const plan = db
            .prepare(`EXPLAIN QUERY PLAN ${sql}`)
            .all(...params)
            .map((step) => (step as { detail: string }).detail);
          expect(plan.join('; ')).toMatch(/USING (COVERING )?INDEX events_seq/);
        }
      } finally {
        db.close();
      }
    });
  },
  ['sqlite'],
);

/** Each dialect's NOT NULL cursor still reads the rows past the watermark, and none before it. */
describeEachDialect('an incremental read on a NOT NULL cursor column, every dialect', (target) => {
  const database = useTestDatabase(target, 'nncur2');
  const table = target.name === 'postgres' ? 'public.items' : 'items';

  beforeAll(() =>
    execSql(database(), [
      'CREATE TABLE items (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL)',
      'INSERT INTO items VALUES (1, 10), (2, 30), (3, 20), (4, 40)',
    ]),
  );

  it('reads the rows past the watermark', async () => {
    expect(await readIds(database().url, table, { cursor: { column: 'seq', value: 20 } })).toEqual([2, 4]);
  });
});

/**
 * MariaDB matches a zero date in a NOT NULL DATE or DATETIME column with `IS NULL`, and onboard
 * reads it as null: such a row is one whose cursor is null, read by every incremental run.
 */
describeEachDialect(
  'an incremental read on a NOT NULL DATETIME holding zero dates',
  (target) => {
    const database = useTestDatabase(target, 'nnzero');

    beforeAll(() =>
      execSql(database(), [
        "SET SESSION sql_mode = ''",
        'CREATE TABLE stamped (id INT PRIMARY KEY, changed_at DATETIME NOT NULL)',
        "INSERT INTO stamped VALUES (1, '0000-00-00 00:00:00'), (2, '2026-01-02 03:04:05'), (3, '2026-01-01 00:00:00')",
      ]),
    );

    it('reads the zero-date row, as a null cursor, with the rows past the watermark', async () => {
      const cursor = { column: 'changed_at', value: '2026-01-01T12:00:00.000000Z' };
      expect(await readIds(database().url, 'stamped', { cursor })).toEqual([1, 2]);
    });
  },
  ['mysql'],
);

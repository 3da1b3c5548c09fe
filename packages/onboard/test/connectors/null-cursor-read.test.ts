import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { beforeAll, expect, it } from 'vitest';
import type { Connector, ReadOptions, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql } from './sql-exec.ts';

/** Each dialect's naive timestamp type: SQLite's DATETIME is text, read through its own cursor path. */
const TIMESTAMP = { postgres: 'timestamp', mysql: 'DATETIME(6)', sqlite: 'DATETIME' } as const;

/** `[id, changed_at, seq]`: two cursor columns, each null on some rows, in key order. */
const ROWS: readonly [number, string | null, number | null][] = [
  [1, '2026-03-01 10:00:00', 5],
  [2, null, null],
  [3, '2026-03-01 10:00:02', 12],
  [4, '2026-03-01 10:00:01', null],
  [5, null, 10],
  [6, '2026-03-01 09:00:00', 20],
  [7, null, 3],
  [8, '2026-03-01 10:00:03', 11],
];

/**
 * An incremental read (`ReadOptions.cursor`) returns the rows whose cursor is past the watermark and
 * every row whose cursor is null: no watermark orders a null, so a read of the rows past it alone
 * left such a row to full runs only. Read partition by partition (two rows each), and resumed
 * after a key; on a timestamp and an integer cursor.
 */
describeEachDialect('an incremental read of rows whose cursor is null', (target) => {
  const database = useTestDatabase(target, 'nullcur');
  const table = target.name === 'postgres' ? 'public.changes' : 'changes';
  let connector: Connector;
  let stream: StreamInfo;

  beforeAll(async () => {
    const lit = (v: string | number | null) =>
      v === null ? 'NULL' : typeof v === 'number' ? `${v}` : `'${v}'`;
    await execSql(database(), [
      `CREATE TABLE changes (id INTEGER PRIMARY KEY, changed_at ${TIMESTAMP[target.name]}, seq INTEGER)`,
      `INSERT INTO changes VALUES ${ROWS.map((row) => `(${row.map(lit).join(', ')})`).join(', ')}`,
    ]);
    connector = openConnector({ url: database().url });
    const found = (await connector.discover()).find((s) => s.name === table);
    if (found === undefined) throw new Error(`no stream ${table}`);
    stream = found;
    return () => connector.close();
  });

  const ids = async (options: Omit<ReadOptions, 'batchSize'>): Promise<number[]> => {
    const read: number[] = [];
    for (const partition of await connector.partition(stream, 2))
      for await (const rows of connector.read(stream, partition, { batchSize: 2, ...options }))
        read.push(...rows.map((row) => Number(row['id'])));
    return read.sort((a, b) => a - b);
  };
  /** The watermark as onboard holds it: row `id`'s value of `column`, as the connector reads it. */
  const readValue = async (id: number, column: string) => {
    for (const partition of await connector.partition(stream, 100))
      for await (const rows of connector.read(stream, partition, { batchSize: 100 }))
        for (const row of rows) if (row['id'] === id || row['id'] === String(id)) return row[column] ?? null;
    throw new Error(`no row ${id}`);
  };

  it('reads the rows past a timestamp cursor and those where it is null', async () => {
    const cursor = { column: 'changed_at', value: await readValue(4, 'changed_at') };
    expect(await ids({ cursor })).toEqual([2, 3, 5, 7, 8]);
  });

  it('reads the rows past an integer cursor and those where it is null', async () => {
    expect(await ids({ cursor: { column: 'seq', value: 10 } })).toEqual([2, 3, 4, 6, 8]);
  });

  it('resumed after a key, reads the null rows past it once', async () => {
    const [whole] = await connector.partition(stream, 100);
    const read: number[] = [];
    for await (const rows of connector.read(stream, whole!, {
      batchSize: 2,
      after: [3],
      cursor: { column: 'seq', value: 10 },
    }))
      read.push(...rows.map((row) => Number(row['id'])));
    expect(read).toEqual([4, 6, 8]);
  });
});

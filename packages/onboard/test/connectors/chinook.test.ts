import {
  CHINOOK_DIR,
  CHINOOK_TABLES,
  chinookSnakeCase,
  describeEachDialect,
  loadChinook,
  useTestDatabase,
} from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/** Every Chinook table, read whole through `connector` over partitions of ~1000 rows, in key order. */
async function readChinook(connector: Connector, streamName: (table: string) => string) {
  const streams = await connector.discover();
  const tables = new Map<string, { stream: StreamInfo; rows: Row[] }>();
  for (const table of CHINOOK_TABLES) {
    const stream = streams.find((s) => s.name === streamName(table));
    if (stream === undefined) throw new Error(`no stream for ${table}`);
    const rows: Row[] = [];
    for (const partition of await connector.partition(stream, 1000)) {
      rows.push(...(await readAll(connector, stream, partition, 400)));
    }
    tables.set(table, { stream, rows });
  }
  return tables;
}

/** The dataset's own SQLite file, read through the SQLite connector: the reference values. */
let reference: Awaited<ReturnType<typeof readChinook>>;
beforeAll(async () => {
  const connector = openConnector({ url: `sqlite:${CHINOOK_DIR}/Chinook_Sqlite.sqlite` });
  try {
    reference = await readChinook(connector, (table) => table);
  } finally {
    await connector.close();
  }
});

describeEachDialect('Chinook through the connectors', (target) => {
  const database = useTestDatabase(target, 'chinook');
  const snake = target.name === 'postgres';
  let connector: Connector;
  beforeAll(async () => {
    await loadChinook(database());
    connector = openConnector({ url: database().url });
  });
  afterAll(() => connector?.close());

  it('reads every table with the row count the bare driver counts, and the same canonical values', async () => {
    const tables = await readChinook(connector, (table) =>
      snake ? `public.${chinookSnakeCase(table)}` : table,
    );
    for (const table of CHINOOK_TABLES) {
      const { stream, rows } = tables.get(table) as { stream: StreamInfo; rows: Row[] };
      const [[count]] = (await execSql(database(), [
        `SELECT count(*) FROM ${snake ? chinookSnakeCase(table) : table}`,
      ])) as [[unknown]];
      expect(rows.length, `${table} rows`).toBe(Number(count));
      const expected = reference.get(table) as { stream: StreamInfo; rows: Row[] };
      const columns = expected.stream.columns.map((c) => c.name);
      expect(stream.primaryKey).toEqual(
        expected.stream.primaryKey.map((c) => (snake ? chinookSnakeCase(c) : c)),
      );
      expect(
        stream.columns.map((c) => c.type),
        `${table} types`,
      ).toEqual(expected.stream.columns.map((c) => c.type));
      const renamed = rows.map((row) =>
        Object.fromEntries(columns.map((c) => [c, row[snake ? chinookSnakeCase(c) : c]])),
      );
      expect(renamed, `${table} values`).toEqual(expected.rows);
    }
  });

  it('knows the composite key of PlaylistTrack and splits it', async () => {
    const streams = await connector.discover();
    const stream = streams.find((s) =>
      s.name.toLowerCase().replace('_', '').endsWith('playlisttrack'),
    ) as StreamInfo;
    expect(stream.primaryKey).toHaveLength(2);
    const partitions = await connector.partition(stream, 1000);
    expect(partitions.length).toBe(9);
    expect(partitions[0]?.upper).toHaveLength(2);
  });
});

it('the reference holds the canonical forms of the value model', () => {
  const invoice = reference.get('Invoice')?.rows[0];
  expect(invoice).toMatchObject({ InvoiceId: 1, InvoiceDate: '2021-01-01T00:00:00.000000Z', Total: '1.98' });
  const employee = reference.get('Employee')?.rows[0];
  expect(employee).toMatchObject({ BirthDate: '1962-02-18T00:00:00.000000Z', ReportsTo: null });
  expect(reference.get('PlaylistTrack')?.rows).toHaveLength(8715);
});

import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomQuery, Partition, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row, SourceValue } from '../../src/connectors/value.ts';
import { execSql } from './sql-exec.ts';

/**
 * Key ranges and resume points are bound by key values as onboard reads them, so they split
 * exactly only when those values bind back as stored (docs/connectors.md, "partition"). Each case
 * here lost or repeated rows before its fix (found by `sql-partitions.property.test.ts`): a key
 * that binds back exactly now splits and resumes exactly; one that cannot is read whole, with a
 * warning naming why.
 */
interface Read {
  readonly partitions: Partition[];
  readonly rows: Row[];
  /** Per partition, each row's tag when the read resumes after the partition's first row. */
  readonly resumed: number[][];
  readonly warnings: string[];
}

async function readSplit(url: string, table: string, timezone = 'UTC', query?: CustomQuery): Promise<Read> {
  const warnings: string[] = [];
  const connector = openConnector({
    url,
    timezone,
    onWarning: (w) => warnings.push(w),
    ...(query ? { queries: [query] } : {}),
  });
  try {
    const streams = await connector.discover();
    const stream = streams.find(
      (s) => s.name === (query?.name ?? table) || s.name === `public.${table}`,
    ) as StreamInfo;
    const partitions = await connector.partition(stream, 1);
    const rows: Row[] = [];
    const resumed: number[][] = [];
    for (const partition of partitions) {
      const own: Row[] = [];
      for await (const batch of connector.read(stream, partition, { batchSize: 1 })) own.push(...batch);
      rows.push(...own);
      if (partition.key.length === 0 || own.length === 0) continue;
      const after = JSON.parse(
        JSON.stringify(partition.key.map((c) => own[0]?.[c] ?? null)),
      ) as SourceValue[];
      const rest: number[] = [];
      for await (const batch of connector.read(
        stream,
        { ...partition, upper: null },
        { batchSize: 1, after },
      ))
        rest.push(...batch.map((row) => row['tag'] as number));
      resumed.push(rest);
    }
    return { partitions, rows, resumed, warnings };
  } finally {
    await connector.close();
  }
}

const tags = (rows: readonly Row[]) => rows.map((row) => row['tag'] as number).sort((a, b) => a - b);

describe('exact key bounds [SQLite]', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'exactkeys');
    await execSql(db, [
      // A rowid table's TEXT primary key may hold NULL; a range or resume point cannot reach it.
      'CREATE TABLE nullkey (k TEXT PRIMARY KEY, tag INT)',
      "INSERT INTO nullkey VALUES (NULL, 0), ('a', 1), ('b', 2), (NULL, 3)",
      // A column without affinity keeps 1 an integer and '' text: bound as the text "1", 1 sorts after ''.
      'CREATE TABLE untyped (k PRIMARY KEY, tag INT)',
      "INSERT INTO untyped VALUES ('', 0), (1, 1), (2, 2), ('a', 3)",
      // Stored upper case, read lower case: the bound 'ff...' sorts after 'FF...' and 'aa...'.
      'CREATE TABLE uuids (k UUID PRIMARY KEY, tag INT)',
      "INSERT INTO uuids VALUES ('FF000000-0000-0000-0000-000000000000', 0), ('aa000000-0000-0000-0000-000000000000', 1)",
      // The same, holding only what reads back exactly: split, one row per partition.
      'CREATE TABLE clean (k TEXT PRIMARY KEY NOT NULL, u UUID, tag INT)',
      "INSERT INTO clean VALUES ('', NULL, 0), ('1', NULL, 1), ('a', NULL, 2), ('b', NULL, 3)",
    ]);
  });
  afterAll(() => db?.drop());

  it('reads a primary key holding NULL whole, with a warning, every row once', async () => {
    const read = await readSplit(db.url, 'nullkey');
    expect(read.partitions).toEqual([expect.objectContaining({ key: [], lower: null, upper: null })]);
    expect(tags(read.rows)).toEqual([0, 1, 2, 3]);
    expect(read.warnings).toEqual([
      expect.stringMatching(/^table "nullkey": its key \(k\) may hold values .*NULL/),
    ]);
  });

  it('reads a key whose values change storage class when read whole, with a warning', async () => {
    for (const table of ['untyped', 'uuids']) {
      const read = await readSplit(db.url, table);
      expect(read.partitions).toHaveLength(1);
      expect(read.partitions[0]?.key).toEqual([]);
      expect(tags(read.rows)).toEqual(table === 'untyped' ? [0, 1, 2, 3] : [0, 1]);
      expect(read.warnings).toEqual([expect.stringContaining(`"${table}": its key (k) may hold values`)]);
    }
  });

  it('still splits and resumes a key that reads back exactly', async () => {
    const read = await readSplit(db.url, 'clean');
    expect(read.partitions).toHaveLength(4);
    expect(read.rows.map((row) => row['tag'])).toEqual([0, 1, 2, 3]);
    expect(read.resumed).toEqual([[1, 2, 3], [2, 3], [3], []]);
    expect(read.warnings).toEqual([]);
  });
});

describeEachDialect(
  'exact key bounds',
  (target) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(target.name, 'exactkeys');
      const datetime = target.name === 'postgres' ? 'TIMESTAMP(6)' : 'DATETIME(6)';
      await execSql(db, [
        // Paris skips 02:00-03:00 on 2024-03-31: 02:30 reads as the instant of 03:30.
        `CREATE TABLE gap (k ${datetime} PRIMARY KEY, tag INT)`,
        "INSERT INTO gap VALUES ('2024-03-31 01:30:00', 0), ('2024-03-31 02:30:00', 1), ('2024-03-31 03:00:00', 2), ('2024-03-31 03:30:00', 3)",
        // Neighbours a double cannot tell apart.
        'CREATE TABLE decimals (k DECIMAL(30,10) PRIMARY KEY, tag INT)',
        'INSERT INTO decimals VALUES (12345678901234567890.0000000001, 0), (12345678901234567890.0000000002, 1), (12345678901234567890.0000000003, 2)',
      ]);
    });
    afterAll(() => db?.drop());

    it('reads a naive timestamp key holding a wall time a DST change skips whole, with a warning', async () => {
      const paris = await readSplit(db.url, 'gap', 'Europe/Paris');
      expect(paris.partitions).toHaveLength(1);
      expect(paris.partitions[0]?.key).toEqual([]);
      expect(tags(paris.rows)).toEqual([0, 1, 2, 3]);
      expect(paris.warnings).toEqual([
        expect.stringContaining('a wall time that a DST change of Europe/Paris skips'),
      ]);
      // In UTC there is no gap: split one row per partition and resumed exactly.
      const utc = await readSplit(db.url, 'gap');
      expect(utc.partitions).toHaveLength(4);
      expect(utc.resumed).toEqual([[1, 2, 3], [2, 3], [3], []]);
      expect(utc.warnings).toEqual([]);
    });

    it('splits and resumes decimals that differ past a double’s digits exactly', async () => {
      const read = await readSplit(db.url, 'decimals');
      expect(read.partitions).toHaveLength(3);
      expect(read.rows.map((row) => row['tag'])).toEqual([0, 1, 2]);
      expect(read.resumed).toEqual([[1, 2], [2], []]);
    });
  },
  ['postgres', 'mysql'],
);

describeEachDialect(
  'exact key bounds',
  (target) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(target.name, 'exactkeys');
      await execSql(db, [
        // Sorted in definition order (m, b), compared with text as text ('b' < 'm').
        "CREATE TABLE enums (k ENUM('m','b','z') PRIMARY KEY, tag INT)",
        "INSERT INTO enums VALUES ('m', 0), ('b', 1), ('z', 2)",
        // Read as six digits: 514.14 and 514.1401 both read 514.14.
        'CREATE TABLE floats (k FLOAT PRIMARY KEY, tag INT)',
        'INSERT INTO floats VALUES (514.14, 0), (514.1401, 1), (1.5, 2)',
      ]);
    });
    afterAll(() => db?.drop());

    it('reads ENUM and FLOAT keys whole, with a warning, as tables and as custom queries', async () => {
      for (const table of ['enums', 'floats']) {
        for (const query of [undefined, { name: `${table}_q`, sql: `SELECT * FROM ${table}` }]) {
          const read = await readSplit(db.url, table, 'UTC', query);
          expect(read.partitions).toHaveLength(1);
          expect(tags(read.rows)).toEqual([0, 1, 2]);
          expect(read.warnings).toEqual([
            expect.stringMatching(
              table === 'enums'
                ? /its key \(k\) cannot bound a key range: column "k" is an ENUM/
                : /column "k" is a FLOAT/,
            ),
          ]);
        }
      }
    });
  },
  ['mysql'],
);

describeEachDialect(
  'exact key bounds',
  (target) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(target.name, 'exactkeys');
      await execSql(db, [
        // Read in New York, 9999-12-31 23:00 is an instant of year 10000; 44 BC is year -43.
        'CREATE TABLE years (k TIMESTAMP(6) PRIMARY KEY, d DATE NOT NULL, tag INT)',
        "INSERT INTO years VALUES ('0044-03-15 12:00:00 BC', '0044-03-15 BC', 0), ('2024-01-01 00:00:00', '2024-01-01', 1), ('9999-12-31 23:00:00', '12345-06-07', 2)",
        'CREATE TABLE days (d DATE PRIMARY KEY, tag INT)',
        "INSERT INTO days VALUES ('0044-03-15 BC', 0), ('0001-01-01 BC', 1), ('2024-01-01', 2), ('12345-06-07', 3)",
      ]);
    });
    afterAll(() => db?.drop());

    it('bounds ranges and resume points by dates and timestamps before year 1 and after 9999', async () => {
      const years = await readSplit(db.url, 'years', 'America/New_York');
      expect(years.partitions).toHaveLength(3);
      expect(years.rows.map((row) => row['k'])).toEqual([
        '-000043-03-15T16:56:02.000000Z',
        '2024-01-01T05:00:00.000000Z',
        '+010000-01-01T04:00:00.000000Z',
      ]);
      expect(years.resumed).toEqual([[1, 2], [2], []]);
      const days = await readSplit(db.url, 'days');
      expect(days.partitions).toHaveLength(4);
      expect(days.resumed).toEqual([[1, 2, 3], [2, 3], [3], []]);
    });
  },
  ['postgres'],
);

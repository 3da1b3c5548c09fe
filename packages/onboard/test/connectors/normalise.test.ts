import { type DialectName, describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { UnsupportedTypeError } from '../../src/connectors/connector-error.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/** One table of every value-model type, declared in each technology's own words. */
const TYPED_DDL: Record<DialectName, string> = {
  postgres: `CREATE TABLE typed (id INT PRIMARY KEY, big BIGINT, amount NUMERIC(20,6), ratio DOUBLE PRECISION,
    flag BOOLEAN, at_naive TIMESTAMP(6), at_zoned TIMESTAMPTZ(6), day DATE, bin BYTEA, doc JSONB, uid UUID, note TEXT)`,
  mysql: `CREATE TABLE typed (id INT PRIMARY KEY, big BIGINT, amount DECIMAL(20,6), ratio DOUBLE,
    flag TINYINT(1), at_naive DATETIME(6), at_zoned TIMESTAMP(6) NULL, day DATE, bin VARBINARY(16), doc JSON,
    uid UUID, note TEXT)`,
  sqlite: `CREATE TABLE typed (id INTEGER PRIMARY KEY, big BIGINT, amount NUMERIC(20,6), ratio DOUBLE,
    flag BOOLEAN, at_naive DATETIME, at_zoned TIMESTAMPTZ, day DATE, bin BLOB, doc JSON, uid UUID, note TEXT)`,
};

const BINARY: Record<DialectName, string> = {
  postgres: "'\\xdeadbeef'",
  mysql: "x'deadbeef'",
  sqlite: "x'deadbeef'",
};
const TRUE: Record<DialectName, string> = { postgres: 'TRUE', mysql: '1', sqlite: '1' };

function insertTyped(dialect: DialectName): string[] {
  const zoned = dialect === 'mysql' ? "'2024-01-31 12:00:00.123456'" : "'2024-01-31T13:00:00.123456+01:00'";
  return [
    `INSERT INTO typed VALUES (1, 9007199254740993, 12.5, 0.25, ${TRUE[dialect]}, '2024-01-31 12:00:00.123456',
      ${zoned}, '2024-02-29', ${BINARY[dialect]}, '{"a": [1, 2], "b": "x"}',
      'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'ünï "q" ''s')`,
    'INSERT INTO typed (id) VALUES (2)',
    `INSERT INTO typed (id, at_naive, amount, flag) VALUES (3, '2024-07-01 12:00:00', -0.000001, ${dialect === 'postgres' ? 'FALSE' : '0'})`,
  ];
}

/** What every technology must give for row 1: the one value model. */
const CANONICAL: Row = {
  id: 1,
  big: '9007199254740993',
  amount: '12.500000',
  ratio: 0.25,
  flag: true,
  at_naive: '2024-01-31T12:00:00.123456Z',
  at_zoned: '2024-01-31T12:00:00.123456Z',
  day: '2024-02-29',
  bin: Buffer.from('deadbeef', 'hex').toString('base64'),
  doc: { a: [1, 2], b: 'x' },
  uid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  note: 'ünï "q" \'s',
};

async function readStream(url: string, name: string, options: { timezone?: string; cursor?: Row } = {}) {
  const warnings: string[] = [];
  const connector = openConnector({
    url,
    onWarning: (m) => warnings.push(m),
    ...(options.timezone ? { timezone: options.timezone } : {}),
  });
  try {
    const stream = (await connector.discover()).find((s) => s.name === name) as StreamInfo;
    const rows: Row[] = [];
    for (const partition of await connector.partition(stream, 2)) {
      const cursor = options.cursor
        ? { column: String(Object.keys(options.cursor)[0]), value: Object.values(options.cursor)[0] ?? null }
        : undefined;
      for await (const batch of connector.read(stream, partition, {
        batchSize: 10,
        ...(cursor ? { cursor } : {}),
      }))
        rows.push(...batch);
    }
    return { stream, rows, warnings };
  } finally {
    await connector.close();
  }
}

describeEachDialect('value normalisation', (target) => {
  const database = useTestDatabase(target, 'values');
  const name = (table: string) => (target.name === 'postgres' ? `public.${table}` : table);
  beforeAll(async () => {
    await execSql(database(), [TYPED_DDL[target.name], ...insertTyped(target.name)]);
  });

  it('gives every type the canonical form of the value model', async () => {
    const { stream, rows } = await readStream(database().url, name('typed'));
    expect(rows[0]).toEqual(CANONICAL);
    expect(rows[1]).toEqual({ ...Object.fromEntries(Object.keys(CANONICAL).map((k) => [k, null])), id: 2 });
    expect(rows[2]).toMatchObject({
      amount: '-0.000001',
      flag: false,
      at_naive: '2024-07-01T12:00:00.000000Z',
    });
    const types = Object.fromEntries(stream.columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      id: 'integer',
      big: 'bigint',
      amount: 'decimal',
      ratio: 'float',
      flag: 'boolean',
      at_naive: 'timestamp',
      at_zoned: 'timestamp',
      day: 'date',
      bin: 'binary',
      doc: 'json',
      uid: 'uuid',
      note: 'string',
    });
  });

  it('reads naive timestamps in the source timezone, zoned ones as they are', async () => {
    const { rows } = await readStream(database().url, name('typed'), { timezone: 'Europe/Paris' });
    expect(rows[0]).toMatchObject({
      at_naive: '2024-01-31T11:00:00.123456Z',
      at_zoned: '2024-01-31T12:00:00.123456Z',
    });
    expect(rows[2]).toMatchObject({ at_naive: '2024-07-01T10:00:00.000000Z' });
  });

  it('reads only rows past a cursor value, and those whose cursor is null', async () => {
    const { rows } = await readStream(database().url, name('typed'), {
      cursor: { at_naive: '2024-01-31T12:00:00.123456Z' },
    });
    // Row 1 sits at the value itself (not past it); row 2 has no cursor value, so every
    // incremental run reads it (docs/running.md); row 3 is past the value.
    expect(rows.map((row) => row['id'])).toEqual([2, 3]);
  });

  it('discovers and reads a custom query, partitioned by its declared key', async () => {
    const connector = openConnector({
      url: database().url,
      queries: [
        { name: 'recent', sql: 'SELECT id, amount, at_naive FROM typed WHERE id > 1;', primaryKey: ['id'] },
      ],
    });
    try {
      const stream = (await connector.discover()).find((s) => s.name === 'recent') as StreamInfo;
      expect(stream).toMatchObject({ kind: 'query', primaryKey: ['id'] });
      expect(stream.columns.map((c) => c.type)).toEqual(['integer', 'decimal', 'timestamp']);
      const partitions = await connector.partition(stream, 1);
      expect(partitions).toHaveLength(2);
      const rows = [];
      for (const partition of partitions) rows.push(...(await readAll(connector, stream, partition, 5)));
      expect(rows).toEqual([
        { id: 2, amount: null, at_naive: null },
        { id: 3, amount: '-0.000001', at_naive: '2024-07-01T12:00:00.000000Z' },
      ]);
    } finally {
      await connector.close();
    }
  });
});

describeEachDialect(
  'unsupported column types',
  (target) => {
    const database = useTestDatabase(target, 'unsup');
    beforeAll(() =>
      execSql(database(), [
        'CREATE TABLE shapes (id INT PRIMARY KEY, spot POINT)',
        `INSERT INTO shapes VALUES (1, ${target.name === 'postgres' ? "'(1,2)'" : "ST_GeomFromText('POINT(1 2)')"})`,
      ]),
    );

    it('leaves them out of the rows, and refuses a read that needs one, naming table, column, type and a cast', async () => {
      const connector = openConnector({ url: database().url });
      try {
        const stream = (await connector.discover()).find((s) => s.name.endsWith('shapes')) as StreamInfo;
        expect(stream.columns.find((c) => c.name === 'spot')?.unsupported).toMatch(
          /"spot"::text|ST_AsText\(`spot`\)/,
        );
        const [partition] = await connector.partition(stream, 10);
        expect(await readAll(connector, stream, partition as NonNullable<typeof partition>, 10)).toEqual([
          { id: 1 },
        ]);
        const byCursor = connector.read(stream, partition as NonNullable<typeof partition>, {
          batchSize: 10,
          cursor: { column: 'spot', value: 'x' },
        });
        const reading = (async () => {
          for await (const _ of byCursor);
        })();
        await expect(reading).rejects.toThrow(UnsupportedTypeError);
        await expect(reading).rejects.toThrow(
          /"spot" of "(public\.)?shapes" has type point.*SELECT .*(::text|ST_AsText)/,
        );
      } finally {
        await connector.close();
      }
    });
  },
  ['postgres', 'mysql'],
);

describeEachDialect(
  'MySQL zero dates',
  (target) => {
    const database = useTestDatabase(target, 'zero');
    beforeAll(() =>
      execSql(database(), [
        "SET SESSION sql_mode = ''",
        'CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE, dt DATETIME)',
        "INSERT INTO zero_dates VALUES (1, '0000-00-00', '0000-00-00 00:00:00'), (2, '2024-01-02', '2024-01-02 03:04:05')",
      ]),
    );

    it('become null with a warning', async () => {
      const { rows, warnings } = await readStream(database().url, 'zero_dates');
      expect(rows).toEqual([
        { id: 1, d: null, dt: null },
        { id: 2, d: '2024-01-02', dt: '2024-01-02T03:04:05.000000Z' },
      ]);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/zero_dates\.d: MySQL zero date/);
    });
  },
  ['mysql'],
);

describeEachDialect(
  'SQLite integers beyond 2^53 in any column',
  (target) => {
    const database = useTestDatabase(target, 'wide');
    beforeAll(() =>
      execSql(database(), [
        'CREATE TABLE wide (id INTEGER PRIMARY KEY, n INT, big BIGINT, amount NUMERIC(30,2), loose, at DATETIME)',
        `INSERT INTO wide VALUES
          (1, 9007199254740993, -9223372036854775808, 9007199254740993, 9223372036854775807, 1706702400),
          (2, 42, '12345', 1.5, 7, 1e300),
          (3, -9007199254740991, 2.5, 100, 'text', '2024-01-31 12:00:00')`,
      ]),
    );

    it('keep every digit, and read small ones as plain numbers', async () => {
      const { rows, warnings } = await readStream(database().url, 'wide');
      expect(rows).toEqual([
        {
          id: 1,
          n: '9007199254740993',
          big: '-9223372036854775808',
          amount: '9007199254740993.00',
          loose: '9223372036854775807',
          at: '2024-01-31T12:00:00.000000Z',
        },
        { id: 2, n: 42, big: '12345', amount: '1.50', loose: '7', at: null },
        {
          id: 3,
          n: -9007199254740991,
          // A real among the integers of a BIGINT column: read as exact decimals, nothing lost.
          big: '2.5',
          amount: '100.00',
          loose: 'text',
          at: '2024-01-31T12:00:00.000000Z',
        },
      ]);
      expect(warnings).toHaveLength(1);
      expect(warnings.join('\n')).toMatch(/wide\.at: 1e\+300 is not a valid timestamp/);
    });
  },
  ['sqlite'],
);

describe('registry', () => {
  it('rejects an unknown scheme and an unknown timezone with a clear message', () => {
    expect(() => openConnector({ url: 'oracle://x/y' })).toThrow(/unsupported source URL scheme "oracle"/);
    expect(() => openConnector({ url: 'sqlite:/tmp/x.db', timezone: 'Mars/Olympus' })).toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
  });
});

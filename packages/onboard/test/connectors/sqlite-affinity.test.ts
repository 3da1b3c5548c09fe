import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { sqliteAffinity } from '../../src/connectors/sqlite/affinity.ts';
import { STORAGE_SAMPLE_ROWS } from '../../src/connectors/sqlite/storage-classes.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';

/**
 * Declared types as real SQLite files have them (converted from Firebird, MySQL, hand-written
 * schemas), each with what SQLite makes of the values stored in it and what must reach a mapping.
 */
const COLUMNS: readonly {
  name: string;
  declared: string;
  values: readonly string[];
  type: string;
  read: readonly unknown[];
}[] = [
  // TEXT affinity (contains TEXT), values stored as text: strings, never base64.
  {
    name: 'memo',
    declared: 'BLOB SUB_TYPE TEXT',
    values: ["'héllo'", "'x'"],
    type: 'string',
    read: ['héllo', 'x'],
  },
  // TEXT affinity turns the integers into text on insert.
  { name: 'code', declared: 'VARCHAR(10)', values: ['42', '7'], type: 'string', read: ['42', '7'] },
  // INTEGER affinity (contains INT): 2.0 is stored as an integer, 1.5 as a real.
  { name: 'ratio', declared: 'FLOATING POINT', values: ['1.5', '2.0'], type: 'float', read: [1.5, 2] },
  // NUMERIC affinity: '12' becomes an integer, 'abc' stays text.
  { name: 'label', declared: 'STRING', values: ["'abc'", "'12'"], type: 'string', read: ['abc', '12'] },
  // No type (BLOB affinity): the values decide.
  { name: 'loose_int', declared: '', values: ['3', '4'], type: 'integer', read: [3, 4] },
  { name: 'loose_mix', declared: '', values: ["'x'", '3'], type: 'string', read: ['x', '3'] },
  {
    name: 'at',
    declared: 'DATETIME',
    values: ["'2024-01-31 12:00:00'", "'2024-02-29T23:59:59.5'"],
    type: 'timestamp',
    read: ['2024-01-31T12:00:00.000000Z', '2024-02-29T23:59:59.500000Z'],
  },
  { name: 'flag', declared: 'BOOLEAN', values: ['1', '0'], type: 'boolean', read: [true, false] },
  { name: 'bytes', declared: 'BLOB', values: ["x'00ff'", "x''"], type: 'binary', read: ['AP8=', ''] },
  // Declared BLOB, but holding text: the storage class wins.
  {
    name: 'blob_text',
    declared: 'BLOB',
    values: ["'plain'", "'text'"],
    type: 'string',
    read: ['plain', 'text'],
  },
  // Blobs and text in a column declared binary: only binary keeps both (text as its UTF-8 bytes).
  { name: 'bin_mix', declared: 'BLOB', values: ["x'00ff'", "'txt'"], type: 'binary', read: ['AP8=', 'dHh0'] },
  // A stray blob in a DATETIME column: still timestamps (the blob read as its text).
  {
    name: 'when_',
    declared: 'TIMESTAMP',
    values: ["x'323032342d30312d3031'", "'2024-01-02 03:04:05'"],
    type: 'timestamp',
    read: ['2024-01-01T00:00:00.000000Z', '2024-01-02T03:04:05.000000Z'],
  },
  // Declared TEXT affinity, but holding real blobs: the storage class wins.
  {
    name: 'text_blob',
    declared: 'TEXT',
    values: ["x'ff00'", "x'01'"],
    type: 'binary',
    read: ['/wA=', 'AQ=='],
  },
  // INT holding a real: exact decimals, no value lost.
  {
    name: 'qty',
    declared: 'INT',
    values: ['2.5', '9007199254740993'],
    type: 'decimal',
    read: ['2.5', '9007199254740993'],
  },
  {
    name: 'price',
    declared: 'NUMERIC(10,2)',
    values: ['12.5', '3'],
    type: 'decimal',
    read: ['12.50', '3.00'],
  },
  {
    name: 'big',
    declared: 'UNSIGNED BIG INT',
    values: ['9223372036854775807', '1'],
    type: 'bigint',
    read: ['9223372036854775807', '1'],
  },
  { name: 'doc', declared: 'JSON', values: [`'{"a":1}'`, "'[2]'"], type: 'json', read: [{ a: 1 }, [2]] },
];

let dir: string;
let path: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-affinity-'));
  path = join(dir, 'odd.sqlite');
  const db = new Database(path);
  db.exec(
    `CREATE TABLE odd (id INTEGER PRIMARY KEY, ${COLUMNS.map((c) => `"${c.name}" ${c.declared}`).join(', ')})`,
  );
  for (const row of [0, 1]) {
    db.exec(`INSERT INTO odd VALUES (${row + 1}, ${COLUMNS.map((c) => c.values[row]).join(', ')})`);
  }
  db.exec('INSERT INTO odd (id) VALUES (3)');
  db.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('SQLite declared types and storage classes', () => {
  it('gives each column its affinity exactly as SQLite does', () => {
    // SQLite itself, through CAST: INTEGER casts '12.5' to an integer, NUMERIC to a real but '12'
    // to an integer, REAL both to reals, TEXT to text, BLOB (NONE) to blobs.
    const db = new Database(':memory:');
    const names = [
      ...COLUMNS.map((c) => c.declared).filter((d) => d !== ''),
      'CHARINT',
      'INTEGER',
      'TINYINT(1)',
      'NVARCHAR(20)',
      'CLOB',
      'DOUBLE PRECISION',
      'REAL',
      'FLOAT',
      'DECIMAL(10,2)',
      'MONEY',
      'TIMESTAMP WITH TIME ZONE',
      'POINT',
      'BLOBBY',
      'UUID',
      'VARBINARY(16)',
      'CHARACTER VARYING(5)',
      'INTERVAL',
      'DOUBLE INT',
      'BLOB TEXT',
      'REAL TEXT',
    ];
    const oracle = (name: string) => {
      const [fraction, whole] = db
        .prepare(`SELECT typeof(CAST('12.5' AS ${name})), typeof(CAST('12' AS ${name}))`)
        .raw(true)
        .get() as [string, string];
      if (fraction === 'integer') return 'INTEGER';
      if (fraction === 'text') return 'TEXT';
      if (fraction === 'blob') return 'BLOB';
      return whole === 'integer' ? 'NUMERIC' : 'REAL';
    };
    try {
      expect(Object.fromEntries(names.map((n) => [n, sqliteAffinity(n)]))).toEqual(
        Object.fromEntries(names.map((n) => [n, oracle(n)])),
      );
      expect(sqliteAffinity('')).toBe('BLOB');
      expect(sqliteAffinity(null)).toBe('BLOB');
    } finally {
      db.close();
    }
  });

  it('reads every column as the values it holds, never base64 for text', async () => {
    const warnings: string[] = [];
    const connector = openConnector({ url: `sqlite:${path}`, onWarning: (m) => warnings.push(m) });
    try {
      const stream = (await connector.discover()).find((s) => s.name === 'odd') as StreamInfo;
      expect(Object.fromEntries(stream.columns.map((c) => [c.name, c.type]))).toEqual({
        id: 'integer',
        ...Object.fromEntries(COLUMNS.map((c) => [c.name, c.type])),
      });
      const rows: Row[] = [];
      // Partitions of one row each: the keyed reads, partition walk and chunks all take part.
      for (const partition of await connector.partition(stream, 1))
        rows.push(...(await readAll(connector, stream, partition, 1)));
      expect(rows).toEqual([
        ...[0, 1].map((row) => ({
          id: row + 1,
          ...Object.fromEntries(COLUMNS.map((c) => [c.name, c.read[row]])),
        })),
        { id: 3, ...Object.fromEntries(COLUMNS.map((c) => [c.name, null])) },
      ]);
      // Only the text kept as bytes in the column declared binary is worth a word.
      expect(warnings).toEqual([
        expect.stringMatching(/^odd\.bin_mix: a string value \(txt\) in a binary column/),
      ]);
    } finally {
      await connector.close();
    }
  });

  it('types a custom query’s columns by what they hold', async () => {
    const connector = openConnector({
      url: `sqlite:${path}`,
      queries: [{ name: 'q', sql: "SELECT id, memo, ratio || '' AS ratio_text, qty + 0 AS qty FROM odd" }],
    });
    try {
      const stream = (await connector.discover()).find((s) => s.name === 'q') as StreamInfo;
      expect(stream.columns.map((c) => [c.name, c.type])).toEqual([
        ['id', 'integer'],
        ['memo', 'string'],
        ['ratio_text', 'string'],
        ['qty', 'decimal'],
      ]);
      const [partition] = await connector.partition(stream, 10);
      const rows = await readAll(connector, stream, partition as NonNullable<typeof partition>, 10);
      expect(rows[0]).toEqual({ id: 1, memo: 'héllo', ratio_text: '1.5', qty: '2.5' });
    } finally {
      await connector.close();
    }
  });

  it('says so, once per column, when a value past the sampled rows does not fit its column', async () => {
    const late = join(dir, 'late.sqlite');
    const db = new Database(late);
    db.exec('CREATE TABLE late (id INTEGER PRIMARY KEY, data BLOB, note TEXT)');
    const insert = db.prepare('INSERT INTO late VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let id = 1; id <= STORAGE_SAMPLE_ROWS; id++) insert.run(id, Buffer.from([id % 256]), `n${id}`);
      // Past the sample: a text among the blobs, blobs (one not UTF-8) among the texts.
      insert.run(STORAGE_SAMPLE_ROWS + 1, 'text', Buffer.from('ok'));
      insert.run(STORAGE_SAMPLE_ROWS + 2, 'more', Buffer.from([0xff, 0xfe]));
    })();
    db.close();
    const warnings: string[] = [];
    const connector = openConnector({ url: `sqlite:${late}`, onWarning: (m) => warnings.push(m) });
    try {
      const stream = (await connector.discover()).find((s) => s.name === 'late') as StreamInfo;
      expect(stream.columns.map((c) => c.type)).toEqual(['integer', 'binary', 'string']);
      const [partition] = await connector.partition(stream, STORAGE_SAMPLE_ROWS * 2);
      const rows = await readAll(connector, stream, partition as NonNullable<typeof partition>, 5000);
      expect(rows.slice(-2)).toEqual([
        { id: STORAGE_SAMPLE_ROWS + 1, data: Buffer.from('text').toString('base64'), note: 'ok' },
        { id: STORAGE_SAMPLE_ROWS + 2, data: Buffer.from('more').toString('base64'), note: '\ufffd\ufffd' },
      ]);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(
        /^late\.data: a string value \(text\) in a binary column; read as its UTF-8 bytes/,
      );
      expect(warnings[1]).toMatch(/^late\.note: a blob that is not UTF-8 text in a text column/);
    } finally {
      await connector.close();
    }
  });
});

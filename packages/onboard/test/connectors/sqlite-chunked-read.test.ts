import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';

/**
 * SQLite reads keyed partitions in keyset chunks of one batch each (`all()` per batch). Every row
 * must come exactly once, in key order, whatever the batch size: composite keys, keys beyond 2^53,
 * non-integer values in an integer key, and null keys (a non-INTEGER primary key may hold them).
 */
let dir: string;
let url: string;
const N = 61;
const WIDE = 2_500;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-sqlite-chunks-'));
  const path = join(dir, 'keys.sqlite');
  url = `sqlite:${path}`;
  const db = new Database(path);
  db.exec('CREATE TABLE pair (a INT, b BIGINT, note TEXT, PRIMARY KEY (a, b))');
  db.exec('CREATE TABLE single (k BIGINT PRIMARY KEY, note TEXT)');
  const pair = db.prepare('INSERT INTO pair VALUES (?, ?, ?)');
  const single = db.prepare('INSERT INTO single VALUES (?, ?)');
  for (let i = 0; i < N; i++) {
    pair.run(i % 4, BigInt('9007199254740990') + BigInt(i), `p${i}`);
    single.run(i * 3 - 40, `s${i}`);
  }
  for (let i = 0; i < 5; i++) single.run(null, `null${i}`);
  db.exec("INSERT INTO single VALUES (1.5, 'real'), ('abc', 'text'), (x'00ff', 'blob')");
  db.exec("INSERT INTO single VALUES (9223372036854775807, 'max'), (-9223372036854775808, 'min')");
  db.exec(
    `CREATE TABLE wide (id BIGINT PRIMARY KEY, note TEXT); INSERT INTO wide WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < ${WIDE}) SELECT x, 'w' || x FROM g`,
  );
  // One value beyond 2^53 (and one real beyond it) amid plain integers: chunks are fetched with the
  // plain select list and again exactly when a value there may have lost digits.
  db.exec(
    `CREATE TABLE mixed (id INTEGER PRIMARY KEY, v INT, u); INSERT INTO mixed WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < ${WIDE}) SELECT x, x * 7, x FROM g`,
  );
  db.exec(
    'UPDATE mixed SET v = 9223372036854775807 WHERE id = 1500; UPDATE mixed SET v = -9007199254740993 WHERE id = 1501; UPDATE mixed SET v = 1e300 WHERE id = 2400; UPDATE mixed SET u = 9007199254740993 WHERE id = 10',
  );
  // Names an object literal cannot hold as they are (`__proto__`) or holds as an index (`1`).
  db.exec(
    `CREATE TABLE odd (id BIGINT PRIMARY KEY, "__proto__" TEXT, "1" INT, "a b" TEXT); INSERT INTO odd WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 30) SELECT x, 'p' || x, x, NULL FROM g`,
  );
  db.exec(
    `CREATE TABLE named (id BIGINT PRIMARY KEY, "1" INT, "a ""b""" TEXT, amount DECIMAL(8,2)); INSERT INTO named WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 30) SELECT x, x, NULL, x / 4.0 FROM g`,
  );
  // Keys beyond -2^53 are selected as their exact text (`CASE … END AS "id"`), which SQLite would
  // order after every integer if the chunk's ORDER BY named that alias rather than the column.
  db.exec(
    "CREATE TABLE edges (id BIGINT PRIMARY KEY, note TEXT); INSERT INTO edges VALUES (-9223372036854775808, 'a'), (-9007199254740993, 'b'), (-5, 'c'), (0, 'd'), (9007199254740993, 'e'), (9223372036854775807, 'f')",
  );
  db.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readTable(table: string, batchSize: number, targetRows: number): Promise<Row[]> {
  const connector = openConnector({ url, onWarning: () => {} });
  try {
    const stream = (await connector.discover()).find((s) => s.name === table);
    if (!stream) throw new Error(`no stream ${table}`);
    const rows: Row[] = [];
    for (const partition of await connector.partition(stream, targetRows)) {
      rows.push(...(await readAll(connector, stream, partition, batchSize)));
    }
    return rows;
  } finally {
    await connector.close();
  }
}

/** Reads `table` as one partition on its primary key, whatever the key holds. */
async function readKeyedWhole(table: string, batchSize: number): Promise<Row[]> {
  const connector = openConnector({ url, onWarning: () => {} });
  try {
    const stream = (await connector.discover()).find((s) => s.name === table);
    if (!stream) throw new Error(`no stream ${table}`);
    const partition = { stream: table, index: 0, key: stream.primaryKey, lower: null, upper: null };
    return await readAll(connector, stream, partition, batchSize);
  } finally {
    await connector.close();
  }
}

describe('SQLite keyed reads in chunks', () => {
  it.each([1, 2, 5, 7, 64, 10_000])('read every row once in key order (batch %i)', async (batchSize) => {
    for (const target of [1_000_000, 9]) {
      const pair = await readTable('pair', batchSize, target);
      expect(pair.map((row) => row['note'])).toEqual(
        Array.from({ length: N }, (_, i) => i)
          .sort((x, y) => (x % 4) - (y % 4) || x - y)
          .map((i) => `p${i}`),
      );
      expect(pair[0]?.['b']).toBe('9007199254740990');
    }
    // One keyed partition: null keys first, then numbers, text, blob (SQLite's order). `partition`
    // no longer splits on such a key (it reads the table whole, unordered), so the partition is made
    // here, as one planned before the nulls were written would be.
    const single = (await readKeyedWhole('single', batchSize)).map((row) => row['note']);
    expect(single.slice(0, 5).sort()).toEqual(['null0', 'null1', 'null2', 'null3', 'null4']);
    expect(single.slice(5, 8)).toEqual(['min', 's0', 's1']);
    expect(single.slice(-3)).toEqual(['max', 'text', 'blob']);
    expect(single).toHaveLength(N + 10);
    expect(new Set(single).size).toBe(N + 10);
    expect(single).toContain('real');
  });
});

describe('SQLite chunks of keys beyond -2^53', () => {
  it.each([1, 2, 3, 10])('read every row once in key order (batch %i)', async (batchSize) => {
    for (const target of [1_000_000, 4, 2]) {
      const rows = await readTable('edges', batchSize, target);
      expect(rows.map((row) => row['note']).join('')).toBe('abcdef');
      expect(rows[0]?.['id']).toBe('-9223372036854775808');
    }
  });
});

describe('SQLite chunks of a large batch', () => {
  it('fetches at most 1,000 rows per chunk, every row once, also after a resume point', async () => {
    const connector = openConnector({ url, onWarning: () => {} });
    try {
      const stream = (await connector.discover()).find((s) => s.name === 'wide');
      if (!stream) throw new Error('no stream wide');
      const [partition] = await connector.partition(stream, 1_000_000);
      if (!partition) throw new Error('no partition');
      const sizes: number[] = [];
      const ids: unknown[] = [];
      for await (const batch of connector.read(stream, partition, { batchSize: 10_000, after: [7] })) {
        sizes.push(batch.length);
        ids.push(...batch.map((row) => row['id']));
      }
      expect(sizes).toEqual([1000, 1000, WIDE - 7 - 2000]);
      expect(ids).toEqual(Array.from({ length: WIDE - 7 }, (_, i) => String(i + 8)));
    } finally {
      await connector.close();
    }
  });
});

describe('SQLite chunks read plainly', () => {
  it('read again exactly when a value may be beyond 2^53, and keep the others as they are', async () => {
    const rows = await readTable('mixed', 10_000, 1_000_000);
    expect(rows).toHaveLength(WIDE);
    const byId = new Map(rows.map((row) => [row['id'], row]));
    expect(byId.get(1500)?.['v']).toBe('9223372036854775807');
    expect(byId.get(1501)?.['v']).toBe('-9007199254740993');
    expect(byId.get(10)?.['u']).toBe('9007199254740993');
    expect(byId.get(11)?.['u']).toBe(11);
    expect(byId.get(1499)?.['v']).toBe(String(1499 * 7)); // a decimal: the column holds a real
    expect(byId.get(2400)?.['v']).not.toBeNull();
    expect(rows.map((row) => row['id'])).toEqual(Array.from({ length: WIDE }, (_, i) => i + 1));
  });
});

describe('SQLite chunked rows', () => {
  it('hold every column under its name, in column order, converted, whatever the names', async () => {
    const wide = await readTable('wide', 7, 1_000_000);
    expect(wide[0]).toEqual({ id: '1', note: 'w1' });
    expect(Object.keys(wide[0] ?? {})).toEqual(['id', 'note']);
    const odd = await readTable('odd', 4, 10);
    expect(odd).toHaveLength(30);
    const last = odd.at(-1) ?? {};
    expect(Object.keys(last).sort()).toEqual(['1', '__proto__', 'a b', 'id']);
    expect(Object.hasOwn(last, '__proto__')).toBe(true);
    expect([
      last['id'],
      Object.getOwnPropertyDescriptor(last, '__proto__')?.value,
      last['1'],
      last['a b'],
    ]).toEqual(['30', 'p30', 30, null]);
    const named = await readTable('named', 4, 10);
    expect(named.map((row) => row['id'])).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(Object.keys(named.at(-1) ?? {}).sort()).toEqual(['1', 'a "b"', 'amount', 'id']);
    expect(named.at(-1)).toEqual({ id: '30', 1: 30, 'a "b"': null, amount: '7.50' });
  });
});

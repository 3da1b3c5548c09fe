import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { converterFor } from '../../src/connectors/shared/converter-for.ts';
import { sqliteColumnSpec } from '../../src/connectors/sqlite/normalise.ts';
import { sampleStorageClasses } from '../../src/connectors/sqlite/storage-classes.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';

/**
 * The SQLite connector selects some columns through SQL expressions (64-bit integers as numbers or
 * exact text) and leaves others to the shared converters (timestamps, of many shapes). What it reads
 * must come out exactly as the shared converters make it from the values as the connector read them
 * before, warnings included, in UTC and in another zone.
 */
const TEXTS = [
  '2024-01-31 12:00:00',
  '2024-01-31T12:00:00',
  '2024-01-31 12:00:00.',
  '2024-01-31 12:00:00.1',
  '2024-01-31 12:00:00.123456',
  '2024-01-31 12:00:00.1234567',
  '2024-01-31 12:00:00.123456789',
  '2024-01-31 12:00:00.1234567891',
  '2024-01-31 12:00:00.12a',
  '2024-01-31 12:00:00Z',
  '2024-01-31 12:00:00.5+02:00',
  '2024-01-31T12:00:00.000000Z',
  '2024-13-01 00:00:00',
  '2024-00-10 00:00:00',
  '2024-01-00 00:00:00',
  '2024-01-32 00:00:00',
  '2024-02-31 00:00:00',
  '2024-01-01 29:00:00',
  '2024-01-01 30:00:00',
  '2024-01-01 23:60:00',
  '2024-01-01 23:59:60',
  '2024-01-01 23:59:99',
  '2024-01-01',
  '2024-01-01 12:30',
  ' 2024-01-01 00:00:00',
  '2024-01-01 00:00:00 ',
  '2024/01/01 00:00:00',
  '2024-01-01x00:00:00',
  '2024-01-01 00:00:00.１２',
  '2024-01-01 00:00:00.1\u00002',
  'not a time',
  '',
];
const OTHERS = ['1700000000', '1700000000.25', "x'323032342d30312d30312030303a30303a3030'", 'NULL'];
const INTEGERS = [
  '0',
  '-1',
  '9007199254740991',
  '9007199254740992',
  '-9007199254740993',
  '9223372036854775807',
  '12.0',
  '-0.0',
  '1e300',
  "'77'",
  "'x'",
];

let dir: string;
let url: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-sqlite-conv-'));
  const path = join(dir, 'values.sqlite');
  url = `sqlite:${path}`;
  const db = new Database(path);
  db.exec(
    'CREATE TABLE t (id INTEGER PRIMARY KEY, naive DATETIME, zoned TIMESTAMPTZ, big BIGINT, plain INT)',
  );
  const insert = db.prepare('INSERT INTO t (id, naive, zoned) VALUES (?, ?, ?)');
  for (const [i, text] of TEXTS.entries()) insert.run(i + 1, text, text);
  for (const [i, sql] of OTHERS.entries())
    db.exec(`INSERT INTO t (id, naive, zoned) VALUES (${100 + i}, ${sql}, ${sql})`);
  for (const [i, sql] of INTEGERS.entries())
    db.exec(`INSERT INTO t (id, big, plain) VALUES (${200 + i}, ${sql}, ${sql})`);
  db.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * What the shared converters make of the stored values as the connector read them before any
 * conversion moved into SQL: timestamps plain, a BIGINT column's integers as text, an INT column's
 * beyond 2^53 as text, everything else as numbers.
 */
function expected(timeZone: string): { rows: Row[]; warnings: string[] } {
  const db = new Database(url.slice('sqlite:'.length), { readonly: true });
  const columns = db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').all('t') as {
    name: string;
    type: string;
  }[];
  const warnings: string[] = [];
  // The columns hold what their declarations promise and more (text and reals in BIGINT), so their
  // types come from the stored values, as discovery finds them.
  const stored = sampleStorageClasses(
    db,
    '"t"',
    columns.map(({ name }) => `"${name}"`),
  );
  const converters = columns.map(({ name, type }, i) => {
    const spec = sqliteColumnSpec(type, stored[i]);
    const ctx = {
      stream: 't',
      column: name,
      timeZone: spec.zoned ? 'UTC' : timeZone,
      warn: (m: string) => warnings.push(m),
    };
    return converterFor(spec, ctx, false);
  });
  const raws = db
    .prepare(
      `SELECT id, naive, zoned, CASE WHEN typeof(big) = 'integer' THEN CAST(big AS TEXT) ELSE big END,
        CASE WHEN typeof(plain) = 'integer' AND plain NOT BETWEEN -9007199254740991 AND 9007199254740991
        THEN CAST(plain AS TEXT) ELSE plain END FROM t ORDER BY id`,
    )
    .raw(true)
    .all() as unknown[][];
  db.close();
  const rows = raws.map((raw) =>
    Object.fromEntries(
      columns.map(({ name }, i) => {
        const value = raw[i];
        const convert = converters[i];
        return [name, value === null || value === undefined ? null : convert ? convert(value) : value];
      }),
    ),
  );
  return { rows: rows as Row[], warnings };
}

async function read(timeZone: string): Promise<{ rows: Row[]; warnings: string[] }> {
  const warnings: string[] = [];
  const connector = openConnector({ url, timezone: timeZone, onWarning: (m) => warnings.push(m) });
  try {
    const stream = (await connector.discover()).find((s) => s.name === 't');
    if (!stream) throw new Error('no stream t');
    const rows: Row[] = [];
    // Small partitions: the partition walk reads the key plainly, the reads through `selectColumn`.
    for (const partition of await connector.partition(stream, 7)) {
      rows.push(...(await readAll(connector, stream, partition, 5)));
    }
    return { rows, warnings };
  } finally {
    await connector.close();
  }
}

describe('SQLite values read through select expressions', () => {
  it.each(['UTC', 'Europe/Paris'])('match the shared converters exactly (timezone %s)', async (timeZone) => {
    const want = expected(timeZone);
    const got = await read(timeZone);
    expect(got.rows).toEqual(want.rows);
    expect(got.warnings.sort()).toEqual(want.warnings.sort());
    expect(got.rows.length).toBe(TEXTS.length + OTHERS.length + INTEGERS.length);
  });

  it('gives ISO timestamps and keeps 64-bit integers exact', async () => {
    const { rows } = await read('UTC');
    const byId = new Map(rows.map((row) => [row['id'], row]));
    expect(byId.get(5)?.['naive']).toBe('2024-01-31T12:00:00.123456Z');
    expect(byId.get(7)?.['zoned']).toBe('2024-01-31T12:00:00.123456Z');
    expect(byId.get(11)?.['naive']).toBe('2024-01-31T10:00:00.500000Z');
    expect(byId.get(13)?.['naive']).toBeNull();
    expect(byId.get(204)?.['big']).toBe('-9007199254740993');
    expect(byId.get(205)?.['plain']).toBe('9223372036854775807');
  });
});

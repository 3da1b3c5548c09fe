import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';

/**
 * SQLite keeps a DATETIME as text in whatever spelling was written: `2026-03-01 10:00:00`,
 * `2026-03-01T10:00:00`, with `Z`, a fraction or an offset. An incremental read keeps exactly the
 * rows whose cursor is a later instant than the watermark (a value as onboard reads it, UTC),
 * whatever their spelling: found by the repeated-runs property, where a source written with `T`
 * had every row of the watermark's day read again by each incremental run. And the rows whose
 * cursor is null, which no watermark orders.
 */
let dir: string;
let connector: Connector;
/** 2026-03-01T10:00:00Z in epoch seconds: SQLite may keep a DATETIME as a number too. */
const TEN = Date.UTC(2026, 2, 1, 10) / 1000;
const ROWS: [number, string | number | null][] = [
  [1, '2026-03-01T09:59:59'], // before, ISO spelling: 'T' sorts after ' ' as text
  [2, '2026-03-01T10:00:00Z'], // the watermark itself
  [3, '2026-03-01 10:00:00'], // the watermark, other spelling
  [4, '2026-03-01T10:00:00.000001'], // a microsecond after
  [5, '2026-03-01 10:00:01'], // a second after
  [6, '2026-03-01 06:00:00-05:00'], // 11:00 UTC: after, though its text sorts before
  [7, '2026-03-01 14:00:00+05:00'], // 09:00 UTC: before, though its text sorts after
  [8, '2026-02-28T23:00:00-12:00'], // 11:00 UTC on March 1st: after, a day earlier as text
  [9, TEN + 0.0005], // epoch seconds, half a millisecond after: SQLite orders numbers before text
  [10, TEN - 3600], // epoch seconds, an hour before
  [11, TEN + 1], // epoch seconds as an integer, a second after
  [12, null], // no value: past no watermark, so every incremental read reads it
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-sqlite-cursor-'));
  const path = join(dir, 'cursor.sqlite');
  const db = new Database(path);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, changed_at DATETIME)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  for (const [id, at] of ROWS) insert.run(id, at);
  db.close();
  connector = openConnector({ url: `sqlite:${path}` });
});
afterAll(async () => {
  await connector?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an incremental read of a SQLite text timestamp', () => {
  it('keeps exactly the rows past the watermark, whatever their spelling, and those without a value', async () => {
    const [stream] = await connector.discover();
    const ids: unknown[] = [];
    for (const partition of await connector.partition(stream!, 1_000))
      for await (const rows of connector.read(stream!, partition, {
        batchSize: 3,
        cursor: { column: 'changed_at', value: '2026-03-01T10:00:00.000000Z' },
      }))
        ids.push(...rows.map((row) => row['id']));
    expect(ids.sort((a, b) => Number(a) - Number(b))).toEqual([4, 5, 6, 8, 9, 11, 12]);
  });

  // A DATETIME kept as epoch seconds (a number) was never past the SQL bound (a date as text, and
  // SQLite orders numbers first), so incremental runs missed every such row; and it was read to
  // the millisecond, so a row 0.0005 s past the watermark was read as the watermark itself.
  it('reads a timestamp kept as epoch seconds to the microsecond', async () => {
    const [stream] = await connector.discover();
    const values = new Map<unknown, unknown>();
    for (const partition of await connector.partition(stream!, 1_000))
      for await (const rows of connector.read(stream!, partition, {
        batchSize: 100,
        cursor: { column: 'changed_at', value: '2026-03-01T10:00:00.000000Z' },
      }))
        for (const row of rows) values.set(row['id'], row['changed_at']);
    expect(values.get(9)).toBe('2026-03-01T10:00:00.000500Z');
    expect(values.get(11)).toBe('2026-03-01T10:00:01.000000Z');
  });
});

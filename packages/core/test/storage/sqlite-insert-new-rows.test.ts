import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsertTarget } from '../../src/storage/bulk-sql.ts';
import { sqliteStorage } from '../../src/storage/dialects/sqlite/sqlite-storage.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';

describe('SQLite: new rows inserted with the ids after the largest, inside the write transaction', () => {
  let folder = '';
  let db: Db;
  const into: InsertTarget = { table: 'New Rows', columns: ['source', 'external_id', 'note', 'n'] };
  const insert = sqliteStorage.insertNewRows as NonNullable<typeof sqliteStorage.insertNewRows>;
  const stored = async () =>
    (
      await sql<{ id: number; external_id: string; note: string | null; n: number | null }>`
      SELECT id, external_id, note, n FROM "New Rows" ORDER BY id`.execute(db)
    ).rows;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'madeup-sqlite-rows-'));
    db = sqliteStorage.open(join(folder, 'rows.sqlite'), { max: 1, idleMs: 1000 });
    await sql`CREATE TABLE "New Rows" (id integer NOT NULL PRIMARY KEY, source text NOT NULL,
      external_id text NOT NULL, note text, n integer, UNIQUE (source, external_id))`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await rm(folder, { recursive: true, force: true });
  });

  it('stores every value and answers the id each row is stored under, in row order', async () => {
    const rows = [
      ['s', 'a', 'x', 1],
      ['s', 'b', null, null],
      ['s', 'c', 'naïve 😀', 3],
    ];
    const seen: string[][] = [];
    const ids = await sqliteStorage.writeTransaction(db, (trx) =>
      insert(trx, into, rows, (given) => seen.push([...given])),
    );
    expect(ids).toEqual(['1', '2', '3']);
    expect(seen).toEqual([['1', '2', '3']]);
    expect(await stored()).toEqual([
      { id: 1, external_id: 'a', note: 'x', n: 1 },
      { id: 2, external_id: 'b', note: null, n: null },
      { id: 3, external_id: 'c', note: 'naïve 😀', n: 3 },
    ]);
  });

  it('takes the ids after the largest stored one, gaps below it left alone', async () => {
    await sql`INSERT INTO "New Rows" (id, source, external_id) VALUES (40, 's', 'far')`.execute(db);
    await sql`DELETE FROM "New Rows" WHERE external_id = 'b'`.execute(db);
    const ids = await sqliteStorage.writeTransaction(db, (trx) => insert(trx, into, [['s', 'd', null, 4]]));
    expect(ids).toEqual(['41']);
    expect((await stored()).map((r) => [r.id, r.external_id])).toEqual([
      [1, 'a'],
      [3, 'c'],
      [40, 'far'],
      [41, 'd'],
    ]);
  });

  it('a stored key fails the transaction as a unique violation and writes nothing', async () => {
    const before = await stored();
    const attempt = sqliteStorage.writeTransaction(db, (trx) =>
      insert(trx, into, [
        ['s', 'e', null, null],
        ['s', 'a', null, null],
      ]),
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(sqliteStorage.classifyError(error)).toBe('unique_violation');
    expect(await stored()).toEqual(before);
  });

  it("binds core's batch constants once where the rows share them, and row by row where they do not", async () => {
    await sql`CREATE TABLE "Stamped" (id integer NOT NULL PRIMARY KEY, source text NOT NULL,
      external_id text NOT NULL, row_created_at text, row_deleted_at text, n integer,
      UNIQUE (source, external_id))`.execute(db);
    const stamped: InsertTarget = {
      table: 'Stamped',
      columns: ['source', 'external_id', 'row_created_at', 'row_deleted_at', 'n'],
    };
    const read = async () =>
      (
        await sql`SELECT id, source, external_id, row_created_at, row_deleted_at, n FROM "Stamped" ORDER BY id`.execute(
          db,
        )
      ).rows;
    // Shared: a source, a timestamp and a null; then the same columns differing between rows.
    await sqliteStorage.writeTransaction(db, (trx) =>
      insert(trx, stamped, [
        ['s', 'a', 't1', null, 1],
        ['s', 'b', 't1', null, 2],
      ]),
    );
    await sqliteStorage.writeTransaction(db, (trx) =>
      insert(trx, stamped, [
        ['s', 'c', 't2', null, 3],
        ['u', 'c', 't3', 'gone', 4],
        ['s', 'd', null, 'gone', null],
      ]),
    );
    expect(await read()).toEqual([
      { id: 1, source: 's', external_id: 'a', row_created_at: 't1', row_deleted_at: null, n: 1 },
      { id: 2, source: 's', external_id: 'b', row_created_at: 't1', row_deleted_at: null, n: 2 },
      { id: 3, source: 's', external_id: 'c', row_created_at: 't2', row_deleted_at: null, n: 3 },
      { id: 4, source: 'u', external_id: 'c', row_created_at: 't3', row_deleted_at: 'gone', n: 4 },
      { id: 5, source: 's', external_id: 'd', row_created_at: null, row_deleted_at: 'gone', n: null },
    ]);
  });

  it('stores the right values whichever columns a batch leaves empty, batch after batch', async () => {
    await sql`CREATE TABLE "Sparse" (id integer NOT NULL PRIMARY KEY, source text NOT NULL,
      external_id text NOT NULL, a text, b integer, c text, UNIQUE (source, external_id))`.execute(db);
    const sparse: InsertTarget = { table: 'Sparse', columns: ['source', 'external_id', 'a', 'b', 'c'] };
    // Each pattern of empty columns twice in a row (the second time written in as NULL), then changing.
    const batches: unknown[][][] = [
      [
        ['s', 'k1', null, 1, null],
        ['s', 'k2', null, 2, null],
      ],
      [
        ['s', 'k3', null, 3, null],
        ['s', 'k4', null, 4, null],
      ],
      [
        ['s', 'k5', 'x', 5, null],
        ['s', 'k6', null, 6, null],
      ],
      [
        ['s', 'k7', null, null, 'z'],
        ['s', 'k8', null, null, 'w'],
      ],
      [['s', 'k9', null, null, 'v']],
      [
        ['s', 'k10', null, 10, null],
        ['s', 'k11', 'y', null, 'u'],
      ],
      [['s', 'k12', null, 12, null]],
    ];
    for (const rows of batches) await sqliteStorage.writeTransaction(db, (trx) => insert(trx, sparse, rows));
    const got = await sql`SELECT external_id, a, b, c FROM "Sparse" ORDER BY id`.execute(db);
    expect(got.rows).toEqual(batches.flat().map(([, external_id, a, b, c]) => ({ external_id, a, b, c })));
  });

  it('splits a batch past the bound-parameter limit into several statements, ids in row order', async () => {
    await sql`CREATE TABLE "Wide" (id integer NOT NULL PRIMARY KEY, source text NOT NULL,
      external_id text NOT NULL, n integer, UNIQUE (source, external_id))`.execute(db);
    const wide: InsertTarget = { table: 'Wide', columns: ['source', 'external_id', 'n'] };
    // Three values a row (the id, the key, n; the source shared): 10,001 per 30,000 parameters.
    const rows = Array.from({ length: 25_000 }, (_, k) => ['s', `k${k}`, k]);
    const ids = await sqliteStorage.writeTransaction(db, (trx) => insert(trx, wide, rows));
    expect(ids).toHaveLength(25_000);
    expect(ids?.[24_999]).toBe('25000');
    const check = await sql<{ n: number; wrong: number }>`
      SELECT count(*) AS n, sum(id <> n + 1 OR external_id <> 'k' || n OR source <> 's') AS wrong FROM "Wide"`.execute(
      db,
    );
    expect(check.rows[0]).toEqual({ n: 25_000, wrong: 0 });
  });

  it('outside a write transaction it declines (the caller INSERTs)', async () => {
    expect(await insert(db, into, [['s', 'z', null, null]])).toBeUndefined();
    expect((await stored()).some((r) => r.external_id === 'z')).toBe(false);
  });
});

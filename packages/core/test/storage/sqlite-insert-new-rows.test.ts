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

  it('outside a write transaction it declines (the caller INSERTs)', async () => {
    expect(await insert(db, into, [['s', 'z', null, null]])).toBeUndefined();
    expect((await stored()).some((r) => r.external_id === 'z')).toBe(false);
  });
});

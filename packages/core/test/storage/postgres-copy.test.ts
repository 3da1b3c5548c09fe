import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InsertTarget } from '../../src/storage/bulk-sql.ts';
import { postgresStorage } from '../../src/storage/dialects/postgres/postgres-storage.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';

describeEachDialect(
  'new rows written by COPY inside the write transaction',
  (target) => {
    const database = useTestDatabase(target, 'copyrows');
    let db: Db;
    const into: InsertTarget = {
      table: 'Copied Rows',
      columns: ['source', 'external_id', 'note', 'n', 'ok', 'at'],
    };
    const copy = postgresStorage.insertNewRows as NonNullable<typeof postgresStorage.insertNewRows>;
    beforeAll(async () => {
      db = postgresStorage.open(database().url, { max: 3, idleMs: 1000 });
      await sql`CREATE TABLE "Copied Rows" (id bigserial PRIMARY KEY, source text NOT NULL, external_id text NOT NULL,
        note text, n numeric(12, 2), ok boolean, at timestamptz(6), UNIQUE (source, external_id))`.execute(
        db,
      );
    });
    afterAll(async () => {
      await db?.destroy();
    });

    it('stores every value unchanged and answers the id each row is stored under', async () => {
      const notes = [
        'tab\there',
        'new\nline',
        'cr\rlf\r\n',
        'back\\slash\\',
        '\\N',
        'naïve 東京 😀',
        '',
        null,
        ' "q" ',
      ];
      const rows = notes.map((note, k) => [
        's',
        `k${k}`,
        note,
        k % 2 === 0 ? '12.345' : 7,
        k % 3 === 0 ? null : k % 2 === 0,
        '2024-02-29 23:59:59.123456+00',
      ]);
      const ids = await postgresStorage.writeTransaction(db, (trx) => copy(trx, into, rows));
      expect(ids).toHaveLength(notes.length);
      const { rows: stored } = await sql<{
        id: string;
        external_id: string;
        note: string | null;
        n: string;
        ok: boolean | null;
        at: string;
      }>`
        SELECT id, external_id, note, n::text AS n, ok, at::text AS at FROM "Copied Rows" ORDER BY external_id`.execute(
        db,
      );
      const byKey = new Map(stored.map((r) => [r.external_id, r]));
      notes.forEach((note, k) => {
        const row = byKey.get(`k${k}`);
        expect(row?.id).toBe(ids?.[k]);
        expect(row?.note).toBe(note);
        expect(row?.n).toBe(k % 2 === 0 ? '12.35' : '7.00');
        expect(row?.ok).toBe(k % 3 === 0 ? null : k % 2 === 0);
        expect(row?.at).toBe('2024-02-29 23:59:59.123456+00');
      });
    });

    it('stores a batch larger than one chunk of COPY data row for row (multi-byte and escaped text across chunk ends)', async () => {
      // ~150 characters a row: 3,000 rows make several 64 Ki-character chunks.
      const noteOf = (k: number) => `${k}: ${'naïve 東京 😀\t\\'.repeat(10)}${'x'.repeat(k % 97)}\n`;
      const rows = Array.from({ length: 3000 }, (_, k) => ['big', `b${k}`, noteOf(k), k, k % 2 === 0, null]);
      const ids = await postgresStorage.writeTransaction(db, (trx) => copy(trx, into, rows));
      expect(ids).toHaveLength(rows.length);
      const { rows: stored } = await sql<{ id: string; external_id: string; note: string; n: string }>`
        SELECT id, external_id, note, n::text AS n FROM "Copied Rows" WHERE source = 'big'`.execute(db);
      expect(stored).toHaveLength(rows.length);
      const byKey = new Map(stored.map((r) => [r.external_id, r]));
      rows.forEach((_, k) => {
        const row = byKey.get(`b${k}`);
        expect(row?.id).toBe(ids?.[k]);
        expect(row?.note).toBe(noteOf(k));
        expect(row?.n).toBe(`${k}.00`);
      });
    });

    it('fails the transaction on a key that exists (a unique violation, so the import retries) and writes nothing', async () => {
      await postgresStorage.writeTransaction(db, (trx) =>
        copy(trx, into, [['dup', 'a', null, null, null, null]]),
      );
      const attempt = postgresStorage.writeTransaction(db, (trx) =>
        copy(trx, into, [
          ['dup', 'b', null, null, null, null],
          ['dup', 'a', null, null, null, null],
        ]),
      );
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(postgresStorage.classifyError(error)).toBe('unique_violation');
      const { rows } = await sql<{ external_id: string }>`
        SELECT external_id FROM "Copied Rows" WHERE source = 'dup' ORDER BY external_id`.execute(db);
      expect(rows.map((r) => r.external_id)).toEqual(['a']);
      // The connection that failed is usable afterwards.
      for (let k = 0; k < 4; k++)
        await postgresStorage.writeTransaction(db, (trx) =>
          copy(trx, into, [['dup', `c${k}`, null, null, null, null]]),
        );
    });

    it('makes a concurrent transaction inserting the same key fail once the first commits', async () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let copied = () => {};
      const first = postgresStorage.writeTransaction(db, async (trx) => {
        await copy(trx, into, [['race', 'x', 'first', null, null, null]]);
        copied();
        await held;
      });
      await new Promise<void>((resolve) => {
        copied = resolve;
      });
      const second = postgresStorage
        .writeTransaction(db, (trx) => copy(trx, into, [['race', 'x', 'second', null, null, null]]))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await first;
      expect(postgresStorage.classifyError(await second)).toBe('unique_violation');
      const { rows } = await sql<{ note: string }>`
        SELECT note FROM "Copied Rows" WHERE source = 'race'`.execute(db);
      expect(rows.map((r) => r.note)).toEqual(['first']);
    });

    it('declines outside a write transaction, so the caller INSERTs', async () => {
      expect(await copy(db, into, [['out', 'z', null, null, null, null]])).toBeUndefined();
      await db.transaction().execute(async (trx) => {
        expect(await copy(trx, into, [['out', 'z', null, null, null, null]])).toBeUndefined();
      });
    });
  },
  ['postgres'],
);

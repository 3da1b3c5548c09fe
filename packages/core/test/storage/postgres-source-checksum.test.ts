import { checksumOfRecords } from '@madeup/contract';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresStorage } from '../../src/storage/dialects/postgres/postgres-storage.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';

describeEachDialect(
  'source checksums computed by PostgreSQL',
  (target) => {
    const database = useTestDatabase(target, 'checksum');
    let db: Db;
    const checksum = postgresStorage.sourceChecksum as NonNullable<typeof postgresStorage.sourceChecksum>;
    beforeAll(async () => {
      db = postgresStorage.open(database().url, { max: 1, idleMs: 1000 });
      await sql`CREATE TABLE items (id bigserial PRIMARY KEY, source varchar(100) NOT NULL,
        external_id varchar(200) NOT NULL, content_hash varchar(64) NOT NULL, row_deleted_at timestamptz(6),
        UNIQUE (source, external_id))`.execute(db);
    });
    afterAll(async () => {
      await db?.destroy();
    });

    it('equals the checksum a loader computes, over live records of the source only', async () => {
      const live: [string, string][] = [];
      const odd = ['naïve 東京 😀', 'tab\tnew\nline', 'back\\slash', "it's", ' ', 'x'.repeat(200)];
      for (let k = 0; k < 3000; k++) {
        const id = k < odd.length ? (odd[k] as string) : `k-${k}`;
        // Hashes of every shape, so both signs of the 64-bit prefix occur.
        live.push([id, (k * 2654435761).toString(16).padStart(64, '0').slice(-64)]);
      }
      await sql`INSERT INTO items (source, external_id, content_hash)
        SELECT 'src', x, h FROM unnest(${live.map((r) => r[0])}::text[], ${live.map((r) => r[1])}::text[]) AS t(x, h)`.execute(
        db,
      );
      await sql`INSERT INTO items (source, external_id, content_hash, row_deleted_at)
        VALUES ('src', 'gone', 'abc', now()), ('other', 'k-10', 'def', NULL)`.execute(db);
      const expected = checksumOfRecords(live);
      const got = await checksum(db, 'items', 'src');
      expect(got.count).toBe(expected.count);
      expect(got.sum.toString(16).padStart(16, '0')).toBe(expected.value);
    });

    it('is computed the same inside a transaction, where tenant sessions plan without parallel workers', async () => {
      const outside = await checksum(db, 'items', 'src');
      const inside = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          w: string;
        }>`SELECT current_setting('max_parallel_workers_per_gather') AS w`.execute(trx);
        return { workers: rows[0]?.w, sum: await checksum(trx, 'items', 'src') };
      });
      expect(inside.workers).toBe('0');
      expect(inside.sum).toEqual(outside);
    });

    it('is zero for a source without records', async () => {
      expect(await checksum(db, 'items', 'none')).toEqual({ count: 0, sum: 0n });
    });
  },
  ['postgres'],
);

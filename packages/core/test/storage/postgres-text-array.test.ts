import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../../src/storage/dialects/postgres/postgres-pool.ts';
import { postgresTextArray } from '../../src/storage/dialects/postgres/postgres-text-array.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';

describeEachDialect(
  'text[] literals',
  (target) => {
    const database = useTestDatabase(target, 'textarray');
    let db: Db;
    beforeAll(() => {
      db = openPostgres(database().url, { max: 1, idleMs: 1000 });
    });
    afterAll(async () => {
      await db?.destroy();
    });

    it('carries every string to the server unchanged, in order', async () => {
      const values = [
        'plain',
        '',
        'NULL',
        'with "quotes"',
        'back\\slash\\',
        '{braces},commas',
        '  spaces  ',
        "it's",
        'naïve 東京 😀',
        'tab\tnew\nline',
      ];
      const { rows } = await sql<{ v: string }>`
        SELECT unnest(${postgresTextArray(values)}::text[]) AS v`.execute(db);
      expect(rows.map((r) => r.v)).toEqual(values);
    });

    it('gives an empty array for no strings', async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT cardinality(${postgresTextArray([])}::text[]) AS n`.execute(db);
      expect(rows[0]?.n).toBe(0);
    });
  },
  ['postgres'],
);

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { CompiledQuery, sql } from 'kysely';
import { expect, it } from 'vitest';
import { MODEL } from '../../src/model/model.ts';
import { selectByKeys } from '../../src/storage/bulk-sql.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import type { Queryable } from '../../src/storage/dynamic-database.ts';
import { migrateTenant } from '../../src/tenancy/tenant-schema.ts';

// Found by the concurrent-rounds property (seed 20261204, MariaDB, case 327 of 1000): on a small
// table MariaDB read `source = ? AND external_id IN (...) FOR UPDATE` through the reference index
// (`invoices_customer_xid`, by its `source` prefix). A concurrent import changing a reference
// rewrites that index entry, and the locking read skipped the row: a delete answered `not_found`
// for an invoice stored a round before. Keyed reads now name the unique index.
describeEachDialect(
  'keyed reads on MySQL/MariaDB',
  (target) => {
    const database = useTestDatabase(target, 'keyidx');

    it('go through the unique (source, external_id) index whatever they read, locked or not', async () => {
      const storage = STORAGE_DIALECTS.mysql;
      const db = storage.open(database().url, { max: 1, idleMs: 1000 });
      try {
        await migrateTenant(db, storage, MODEL);
        // A few invoices in many sources, some pending: the shape the optimizer misjudged.
        for (let s = 0; s < 20; s++)
          await sql`INSERT INTO invoices (source, external_id, content_hash, row_created_at, row_updated_at, customer_xid)
            VALUES (${`s${s}`}, 'i1', 'h', NOW(6), NOW(6), 'c4'), (${`s${s}`}, 'i2', 'h', NOW(6), NOW(6), 'c1')`.execute(
            db,
          );
        await sql`ANALYZE TABLE invoices`.execute(db);
        // The delete's columns, and every column (the import's read of stored records).
        for (const [columns, forUpdate] of [
          [['external_id', 'row_deleted_at'], true],
          ['*', true],
          ['*', false],
        ] as const) {
          let captured: CompiledQuery | undefined;
          const capturing = {
            executeQuery: (query: CompiledQuery) => {
              captured = query;
              return db.executeQuery(query);
            },
          } as unknown as Queryable;
          const rows = await selectByKeys(
            capturing,
            storage.syntax,
            'invoices',
            columns,
            's3',
            'external_id',
            ['i1', 'i3'],
            forUpdate,
          );
          expect(rows.map((r) => r['external_id'])).toEqual(['i1']);
          const query = captured as CompiledQuery;
          const plan = await db.executeQuery<{ key: string | null }>(
            CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]),
          );
          expect(
            plan.rows.map((r) => r.key),
            `${query.sql} (columns ${columns}, forUpdate ${forUpdate})`,
          ).toEqual(['invoices_source_xid']);
        }
      } finally {
        await db.destroy();
      }
    });
  },
  ['mysql'],
);

import type { Migration, MigrationProvider } from 'kysely/migration';
import type { Model } from '../model/model.ts';
import { addMissingColumns } from './add-missing-columns.ts';
import { addForeignKeys, createEntityTable } from './create-entity-table.ts';
import type { Db } from './dynamic-database.ts';
import { leanReferenceIndexes } from './lean-reference-indexes.ts';
import { createReferenceEpoch } from './reference-epoch.ts';
import type { StorageDialect } from './storage-dialect.ts';

/** The tenant table that keeps the response of each import sent with an `Idempotency-Key`. */
export const OUTCOMES_TABLE = 'madeup_import_outcomes';

/**
 * The versioned migrations of a tenant database, in order. Each is derived from the model
 * definition; a change to the model adds a migration here (never edits an applied one).
 */
export function tenantMigrations(dialect: StorageDialect, model: Model): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial_model': {
      async up(db) {
        const tenantDb = db as Db;
        for (const entity of model.entities) await createEntityTable(tenantDb, dialect, model, entity);
        if (!dialect.foreignKeysInline)
          for (const entity of model.entities) await addForeignKeys(tenantDb, model, entity);
      },
    },
    // Ids such as `keepme` and `keepme ` are distinct records on every dialect: MySQL/MariaDB
    // tenants created before this compared text with trailing spaces ignored.
    '0002_byte_exact_text': {
      async up(db) {
        await dialect.makeTextByteExact?.(
          db as Db,
          model.entities.map((e) => e.table),
        );
      },
    },
    // Payments gained `kind` (payment or refund; existing rows are payments) and accept amount 0.
    '0003_payment_kind': {
      async up(db) {
        const payments = model.get('payments');
        if (payments !== undefined) await addMissingColumns(db as Db, dialect, payments);
      },
    },
    '0004_import_outcomes': {
      async up(db) {
        // The response of each import sent with an Idempotency-Key, written with its records.
        const text = (length: number) => dialect.columnType({ kind: 'varchar', length });
        await db.schema
          .createTable(OUTCOMES_TABLE)
          .addColumn('idem_key', text(200), (c) => c.primaryKey())
          .addColumn('request_hash', text(64), (c) => c.notNull())
          .addColumn('response', dialect.columnType({ kind: 'text' }), (c) => c.notNull())
          .addColumn('created_at', text(32), (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex(`${OUTCOMES_TABLE}_created_idx`)
          .on(OUTCOMES_TABLE)
          .column('created_at')
          .execute();
      },
    },
    // No per-row foreign-key checks, and pending-reference indexes hold only pending references.
    '0005_lean_reference_indexes': {
      async up(db) {
        await leanReferenceIndexes(db as Db, dialect, model);
      },
    },
    // MySQL/MariaDB (no partial indexes): pending references at the front of their index.
    '0006_pending_reference_index_prefix': {
      async up(db) {
        await dialect.indexPendingReferences?.(db as Db, model);
      },
    },
    // Which parent ids a core process may take from its reference cache (`reference-epoch.ts`).
    '0007_reference_epoch': {
      async up(db) {
        await createReferenceEpoch(db as Db, dialect);
      },
    },
  };
  return { getMigrations: async () => migrations };
}

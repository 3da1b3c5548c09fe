import type { Migration, MigrationProvider } from 'kysely/migration';
import type { Model } from '../model/model.ts';
import { addForeignKeys, createEntityTable } from './create-entity-table.ts';
import type { Db } from './dynamic-database.ts';
import type { StorageDialect } from './storage-dialect.ts';

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
  };
  return { getMigrations: async () => migrations };
}

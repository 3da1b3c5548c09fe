import type { Kysely } from 'kysely';
import type { Model } from '../model/model.ts';
import type { Db } from '../storage/dynamic-database.ts';
import { migrateToLatest, pendingMigrations } from '../storage/migrations.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';
import { tenantMigrations } from '../storage/tenant-migrations.ts';

const TABLE = 'madeup_migration';

/** Applies the tenant migrations still pending; returns their names. */
export function migrateTenant(db: Db, dialect: StorageDialect, model: Model): Promise<string[]> {
  return migrateToLatest(db as unknown as Kysely<never>, tenantMigrations(dialect, model), TABLE);
}

/** Names of tenant migrations not applied yet. */
export function pendingTenantMigrations(db: Db, dialect: StorageDialect, model: Model): Promise<string[]> {
  return pendingMigrations(db as unknown as Kysely<never>, tenantMigrations(dialect, model), TABLE);
}

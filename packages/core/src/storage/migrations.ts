import type { Kysely } from 'kysely';
import { type MigrationProvider, Migrator } from 'kysely/migration';

/** Thrown when a migration fails; names the migration. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
}

function migrator(db: Kysely<never>, provider: MigrationProvider, table: string): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
  });
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(
  db: Kysely<never>,
  provider: MigrationProvider,
  table: string,
): Promise<string[]> {
  const { error, results = [] } = await migrator(db, provider, table).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationFailedError(
      `migration ${failed} failed: ${(error as Error).message ?? String(error)}`,
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(
  db: Kysely<never>,
  provider: MigrationProvider,
  table: string,
): Promise<string[]> {
  const all = await migrator(db, provider, table).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

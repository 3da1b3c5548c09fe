import type { Catalog } from '../catalog/catalog.ts';
import type { CoreConfig } from '../config.ts';
import type { Model } from '../model/model.ts';
import { STORAGE_DIALECTS } from '../storage/dialects.ts';
import { serverFor } from './tenant-location.ts';
import { migrateTenant } from './tenant-schema.ts';

/** Applies pending migrations to every tenant, one after the other; returns one line per tenant. */
export async function migrateAllTenants(
  catalog: Catalog,
  config: CoreConfig,
  model: Model,
): Promise<string[]> {
  const lines: string[] = [];
  for (const tenant of await catalog.listTenants()) {
    const storage = STORAGE_DIALECTS[tenant.dialect];
    const db = storage.open(storage.locate(serverFor(config, tenant.dialect), tenant.databaseName), {
      max: 1,
      idleMs: 1000,
    });
    try {
      const applied = await migrateTenant(db, storage, model);
      lines.push(`${tenant.id}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);
    } finally {
      await db.destroy();
    }
  }
  return lines;
}

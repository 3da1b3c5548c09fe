import type { CreateTenantResponse, TenantDialect } from '@madeup/contract';
import type { Catalog } from '../catalog/catalog.ts';
import { isTenantId, tenantDatabaseName } from '../catalog/tenant-id.ts';
import { generateToken, hashToken } from '../catalog/tokens.ts';
import type { CoreConfig } from '../config.ts';
import type { Model } from '../model/model.ts';
import { STORAGE_DIALECTS } from '../storage/dialects.ts';
import { InvalidTenantIdError } from './tenancy-errors.ts';
import { serverFor } from './tenant-location.ts';
import { migrateTenant } from './tenant-schema.ts';

/**
 * Creates a tenant: claims its id in the catalog, creates and migrates its database, and returns
 * its first token (stored hashed). On failure the claim is released.
 */
export async function provisionTenant(
  catalog: Catalog,
  config: CoreConfig,
  model: Model,
  id: string,
  dialect: TenantDialect = config.defaultDialect,
): Promise<CreateTenantResponse> {
  if (!isTenantId(id))
    throw new InvalidTenantIdError('tenant id must be 1..63 of a-z, 0-9 and -, starting with a letter');
  const storage = STORAGE_DIALECTS[dialect];
  const server = serverFor(config, dialect);
  const databaseName = tenantDatabaseName(dialect === 'sqlite' ? '' : config.databasePrefix, id);
  await catalog.insertTenant({ id, dialect, databaseName, createdAt: new Date().toISOString() });
  try {
    const location = await storage.createDatabase(server, databaseName);
    const db = storage.open(location, { max: 1, idleMs: 1000 });
    try {
      await migrateTenant(db, storage, model);
    } finally {
      await db.destroy();
    }
    const token = generateToken('mut_');
    await catalog.addToken(hashToken(token), id);
    return { id, dialect, token };
  } catch (error) {
    await catalog.deleteTenant(id).catch(() => {});
    throw error;
  }
}

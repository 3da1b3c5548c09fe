import type { OutcomeCounts, TenantDialect } from '@madeup/contract';
import type { Kysely } from 'kysely';
import { sqlitePrivateFile } from '../storage/dialects/sqlite/sqlite-admin.ts';
import { dialectOfUrl, STORAGE_DIALECTS, sqlitePath } from '../storage/dialects.ts';
import type { Db, Row } from '../storage/dynamic-database.ts';
import { migrateToLatest } from '../storage/migrations.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';
import { TenantExistsError } from './catalog-errors.ts';
import { catalogMigrations } from './catalog-migrations.ts';

/** A tenant as the catalog knows it. */
export interface TenantRecord {
  readonly id: string;
  readonly dialect: TenantDialect;
  readonly databaseName: string;
  readonly createdAt: string;
}

/** A token as the catalog keeps it: its hash, never the token. */
export interface StoredToken {
  readonly hash: string;
  /** Null for an admin token. */
  readonly tenantId: string | null;
  readonly createdAt: string;
}

/** The catalog database: tenants, hashed tokens, the import audit log (idempotency keys: `IdempotencyStore`). */
export class Catalog {
  readonly db: Db;
  readonly dialect: StorageDialect;

  private constructor(db: Db, dialect: StorageDialect) {
    this.db = db;
    this.dialect = dialect;
  }

  /** Opens (and migrates) the catalog at a URL or SQLite path. */
  static async open(url: string): Promise<Catalog> {
    const dialect = STORAGE_DIALECTS[dialectOfUrl(url)];
    const location = dialect.name === 'sqlite' ? sqlitePath(url) : url;
    if (dialect.name === 'sqlite' && location !== ':memory:') await sqlitePrivateFile(location);
    const db = dialect.open(location, { max: 4, idleMs: 30_000 });
    await migrateToLatest(
      db as unknown as Kysely<never>,
      catalogMigrations(dialect),
      'madeup_catalog_migration',
    );
    return new Catalog(db, dialect);
  }

  async insertTenant(tenant: TenantRecord): Promise<void> {
    try {
      await this.db
        .insertInto('tenants')
        .values({
          id: tenant.id,
          dialect: tenant.dialect,
          database_name: tenant.databaseName,
          created_at: tenant.createdAt,
        })
        .execute();
    } catch (error) {
      if (this.dialect.classifyError(error) === 'unique_violation')
        throw new TenantExistsError(`tenant ${tenant.id} exists already`);
      throw error;
    }
  }

  async deleteTenant(id: string): Promise<void> {
    await this.db.deleteFrom('tokens').where('tenant_id', '=', id).execute();
    await this.db.deleteFrom('tenants').where('id', '=', id).execute();
  }

  async getTenant(id: string): Promise<TenantRecord | undefined> {
    const row = (await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst()) as
      | Row
      | undefined;
    return row === undefined ? undefined : toTenant(row);
  }

  async listTenants(): Promise<TenantRecord[]> {
    const rows = (await this.db.selectFrom('tenants').selectAll().orderBy('id').execute()) as Row[];
    return rows.map(toTenant);
  }

  /** Stores a token hash; `tenantId` null makes it an admin token. */
  async addToken(tokenHash: string, tenantId: string | null): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({ token_hash: tokenHash, tenant_id: tenantId, created_at: new Date().toISOString() })
      .execute();
  }

  /** The owner of a token hash: a tenant id, null for admin, undefined when unknown. */
  async tokenOwner(tokenHash: string): Promise<string | null | undefined> {
    const row = (await this.db
      .selectFrom('tokens')
      .select('tenant_id')
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst()) as Row | undefined;
    if (row === undefined) return undefined;
    return row['tenant_id'] === null ? null : String(row['tenant_id']);
  }

  /** Stored tokens (of one tenant, or admin ones with `tenantId` null), oldest first. */
  async listTokens(tenantId?: string | null): Promise<StoredToken[]> {
    let query = this.db.selectFrom('tokens').select(['token_hash', 'tenant_id', 'created_at']);
    if (tenantId === null) query = query.where('tenant_id', 'is', null);
    else if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
    const rows = (await query.orderBy('created_at').orderBy('token_hash').execute()) as Row[];
    return rows.map(toStoredToken);
  }

  /** The stored tokens whose hash starts with `prefix` (hex digits). */
  async tokensByHashPrefix(prefix: string): Promise<StoredToken[]> {
    if (!/^[0-9a-f]+$/.test(prefix)) return [];
    const rows = (await this.db
      .selectFrom('tokens')
      .select(['token_hash', 'tenant_id', 'created_at'])
      .where('token_hash', 'like', `${prefix}%`)
      .execute()) as Row[];
    return rows.map(toStoredToken);
  }

  /** Deletes a token: it stops working (each process's cache trusts it at most its TTL longer). */
  async deleteToken(hash: string): Promise<void> {
    await this.db.deleteFrom('tokens').where('token_hash', '=', hash).execute();
  }

  async hasAdminToken(): Promise<boolean> {
    const row = await this.db
      .selectFrom('tokens')
      .select('token_hash')
      .where('tenant_id', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  async recordImport(
    tenantId: string,
    entity: string,
    source: string,
    dryRun: boolean,
    counts: OutcomeCounts,
  ) {
    await this.db
      .insertInto('import_audit')
      .values({
        tenant_id: tenantId,
        entity,
        source,
        dry_run: dryRun ? 1 : 0,
        ...counts,
        at: new Date().toISOString(),
      })
      .execute();
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('tenants').select('id').limit(1).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function toStoredToken(row: Row): StoredToken {
  return {
    hash: String(row['token_hash']),
    tenantId: row['tenant_id'] === null ? null : String(row['tenant_id']),
    createdAt: String(row['created_at']),
  };
}

function toTenant(row: Row): TenantRecord {
  return {
    id: String(row['id']),
    dialect: String(row['dialect']) as TenantDialect,
    databaseName: String(row['database_name']),
    createdAt: String(row['created_at']),
  };
}

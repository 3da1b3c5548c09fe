import type { Catalog, TenantRecord } from '../catalog/catalog.ts';
import type { CoreConfig } from '../config.ts';
import type { Model } from '../model/model.ts';
import { STORAGE_DIALECTS } from '../storage/dialects.ts';
import type { Db } from '../storage/dynamic-database.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';
import { TenantMigrationPendingError, TenantNotFoundError } from './tenancy-errors.ts';
import { serverFor } from './tenant-location.ts';
import { pendingTenantMigrations } from './tenant-schema.ts';

/** An open tenant database. */
export interface TenantHandle {
  readonly tenant: TenantRecord;
  readonly storage: StorageDialect;
  readonly db: Db;
}

interface Entry {
  readonly handle: Promise<TenantHandle>;
  lastUsed: number;
}

/**
 * Opens tenant databases on demand and keeps at most `maxOpenTenants` pools, closing the least
 * recently used beyond that and any unused for `tenantIdleMs`. A tenant with pending migrations is
 * refused (and not kept open).
 */
export class TenantPools {
  readonly #entries = new Map<string, Entry>();
  readonly #catalog: Catalog;
  readonly #config: CoreConfig;
  readonly #model: Model;
  readonly #timer: NodeJS.Timeout;

  constructor(catalog: Catalog, config: CoreConfig, model: Model) {
    this.#catalog = catalog;
    this.#config = config;
    this.#model = model;
    this.#timer = setInterval(() => void this.evictIdle(), Math.min(60_000, config.tenantIdleMs)).unref();
  }

  /** How many tenant pools are open. */
  get size(): number {
    return this.#entries.size;
  }

  async get(id: string): Promise<TenantHandle> {
    const found = this.#entries.get(id);
    if (found !== undefined) {
      found.lastUsed = Date.now();
      return found.handle;
    }
    const handle = this.#open(id);
    this.#entries.set(id, { handle, lastUsed: Date.now() });
    handle.catch(() => this.#entries.delete(id));
    await this.#capOpen();
    return handle;
  }

  async #open(id: string): Promise<TenantHandle> {
    const tenant = await this.#catalog.getTenant(id);
    if (tenant === undefined) throw new TenantNotFoundError(`no tenant ${id}`);
    const storage = STORAGE_DIALECTS[tenant.dialect];
    const db = storage.open(
      storage.locate(serverFor(this.#config, tenant.dialect), tenant.databaseName),
      this.#config.tenantPool,
    );
    try {
      const pending = await pendingTenantMigrations(db, storage, this.#model);
      if (pending.length > 0)
        throw new TenantMigrationPendingError(
          `tenant ${id} has pending migrations (${pending.join(', ')}); run \`madeup-core migrate\``,
        );
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return { tenant, storage, db };
  }

  /** Closes pools unused for longer than the idle limit. */
  async evictIdle(now = Date.now()): Promise<void> {
    const idle = [...this.#entries].filter(([, e]) => now - e.lastUsed > this.#config.tenantIdleMs);
    await Promise.all(idle.map(([id]) => this.close(id)));
  }

  async #capOpen(): Promise<void> {
    const excess = this.#entries.size - this.#config.maxOpenTenants;
    if (excess <= 0) return;
    const oldest = [...this.#entries].sort((a, b) => a[1].lastUsed - b[1].lastUsed).slice(0, excess);
    await Promise.all(oldest.map(([id]) => this.close(id)));
  }

  /** Closes one tenant's pool (it reopens on next use). */
  async close(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    const handle = await entry.handle.catch(() => undefined);
    await handle?.db.destroy();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([...this.#entries.keys()].map((id) => this.close(id)));
  }
}

import type { Catalog, TenantRecord } from '../catalog/catalog.ts';
import type { CoreConfig } from '../config.ts';
import { forgetReferenceCache } from '../import/reference-cache.ts';
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
  /** Requests holding the pool right now. */
  leases: number;
  /** Taken out of the map: destroyed when the last lease ends. */
  retired: boolean;
}

/**
 * Opens tenant databases on demand and keeps at most `maxOpenTenants` pools, closing the least
 * recently used beyond that and any unused for `tenantIdleMs`. A request holds its tenant's pool
 * through `use` (a lease): a pool pushed out while requests hold it is retired (the next request
 * opens a new one) and destroyed only when its last lease ends, so the cap may be exceeded for the
 * length of those requests. A tenant with pending migrations is refused (and not kept open).
 */
export class TenantPools {
  readonly #entries = new Map<string, Entry>();
  /** Pools pushed out while requests still held them: a new request revives one instead of opening a second. */
  readonly #retired = new Map<string, Entry>();
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

  /** Runs `work` with the tenant's open database; the pool stays open until `work` settles. */
  async use<T>(id: string, work: (tenant: TenantHandle) => Promise<T>): Promise<T> {
    const entry = this.#lease(id);
    try {
      return await work(await entry.handle);
    } finally {
      entry.leases -= 1;
      entry.lastUsed = Date.now();
      if (entry.retired && entry.leases === 0) {
        if (this.#retired.get(id) === entry) this.#retired.delete(id);
        await destroy(entry);
      }
    }
  }

  #lease(id: string): Entry {
    let entry = this.#entries.get(id);
    if (entry === undefined) {
      // A retired pool still in use comes back rather than a second pool on the same database (two
      // SQLite connections of one process would wait on each other's locks).
      entry = this.#retired.get(id) ?? this.#opening(id);
      this.#retired.delete(id);
      entry.retired = false;
      this.#entries.set(id, entry);
      this.#capOpen(id);
    }
    entry.lastUsed = Date.now();
    entry.leases += 1;
    return entry;
  }

  #opening(id: string): Entry {
    const entry: Entry = { handle: this.#open(id), lastUsed: Date.now(), leases: 0, retired: false };
    entry.handle.catch(() => {
      if (this.#entries.get(id) === entry) this.#entries.delete(id);
    });
    return entry;
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

  /** Closes pools unused (and held by no request) for longer than the idle limit. */
  async evictIdle(now = Date.now()): Promise<void> {
    const idle = [...this.#entries].filter(
      ([, e]) => e.leases === 0 && now - e.lastUsed > this.#config.tenantIdleMs,
    );
    await Promise.all(idle.map(([id]) => this.close(id)));
  }

  /** Retires the least recently used pools beyond the cap, idle ones first, never `keep`. */
  #capOpen(keep: string): void {
    const excess = this.#entries.size - this.#config.maxOpenTenants;
    if (excess <= 0) return;
    const candidates = [...this.#entries]
      .filter(([id]) => id !== keep)
      .sort((a, b) => Number(a[1].leases > 0) - Number(b[1].leases > 0) || a[1].lastUsed - b[1].lastUsed)
      .slice(0, excess);
    for (const [id] of candidates) void this.close(id);
  }

  /** Closes one tenant's pool (it reopens on next use); a held pool closes when its last request ends. */
  async close(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    entry.retired = true;
    if (entry.leases === 0) await destroy(entry);
    else this.#retired.set(id, entry);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([...this.#entries.keys()].map((id) => this.close(id)));
  }
}

async function destroy(entry: Entry): Promise<void> {
  const handle = await entry.handle.catch(() => undefined);
  if (handle === undefined) return;
  // Its parent ids would only wait for eviction: a pool opened again starts a cache of its own.
  forgetReferenceCache(handle.db);
  await handle.db.destroy().catch(() => {});
}

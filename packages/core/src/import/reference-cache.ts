import type { Db, Queryable } from '../storage/dynamic-database.ts';
import { readReferenceEpoch } from '../storage/reference-epoch.ts';

/**
 * Parent ids by (table, source, external id) that this process saw committed in a tenant database,
 * so an import batch looks up in the database only the parents it has not seen yet (on a first
 * load, a child's parents were mostly written or looked up by a batch before it).
 *
 * Why an id taken from here is the id the lookup (`selectIdsOfMany`) would have returned:
 *
 * 1. In one database, `(table, source, external id) -> id` never changes once committed: entity rows
 *    are never deleted (a delete sets `row_deleted_at`, and the parent lookup returns soft-deleted
 *    rows' ids as it always did, so the cache does too), an update never writes `id`, `source` or
 *    `external_id` (the upsert keeps them), and ids are never reused.
 * 2. Only committed facts go in: a batch adds the ids it looked up and the ids of the records it
 *    wrote after its transaction committed (`writeTransaction` returned), from the attempt that
 *    committed. An attempt rolled back (insert-before-read's unique violation, a retry) adds nothing.
 * 3. What a process caches is tied to the database it read, and served only to batches on that
 *    same database in that same state: every batch reads the tenant's epoch (`reference-epoch.ts`,
 *    a random token drawn when the database was created plus a generation every delete raises in
 *    its own transaction) as the first statement of its write transaction, and takes ids from the
 *    cache only when the cache holds that exact epoch; a different one (the database dropped and
 *    created again under the same name, by this process or another; a delete by any process)
 *    empties the tenant's cache first. A batch adds its ids only if the cache still holds the epoch
 *    its own transaction read. So a cached id was committed in the same database, under the same
 *    generation, as the batch's own reads: what its lookup would have found, by (1). A delete that
 *    commits after the batch read the epoch is the same race as a delete that commits after the
 *    batch's lookup without the cache.
 * 4. Caches are kept per tenant pool (`Db`): no tenant is ever served another's ids, and two pools
 *    on one database (two processes, or a pool reopened) keep apart; each reads the epoch itself.
 *
 * Memory is bounded: at most `MAX_IDS` ids in all, for every tenant together (about 85 bytes of heap
 * an id with short external ids, 80 MiB in all); past it the oldest go first (by when they were
 * added, not used: an evicted parent is looked up once more). And a tenant's ids are kept only
 * while it imports: a tenant that opened no batch for `REFERENCE_CACHE_IDLE_MS` loses its cache
 * (checked whenever a batch opens one), and a tenant pool closed (idle, or pushed out by the
 * open-tenant cap) loses its cache at once (`forgetReferenceCache`). Without that, the ids of a tenant loaded earlier
 * stayed until a later load pushed them out, so every load into another tenant grew the process
 * by its own ids on top (docs/core.md, "Memory").
 * Batches of one tenant run concurrently on one thread: each change here is synchronous.
 */
export const MAX_CACHED_REFERENCE_IDS = 1_000_000;
const MAX_IDS = MAX_CACHED_REFERENCE_IDS;
/** A tenant's cache is dropped once it opened no batch for this long. */
export const REFERENCE_CACHE_IDLE_MS = 15_000;

/** One tenant pool's cache: the epoch its ids belong to, and the ids of each table and source. */
interface TenantIds {
  epoch: string | undefined;
  readonly tables: Map<string, IdMap>;
  /** When a batch last opened this cache (`Date.now()`). */
  lastOpened: number;
}

/** The ids of one table and source of one tenant. */
interface IdMap {
  readonly owner: TenantIds;
  readonly key: string;
  readonly ids: Map<string, string>;
}

const tenants = new WeakMap<Db, TenantIds>();
/** Every `IdMap`, oldest first: eviction trims from the front. */
const maps = new Set<IdMap>();
let total = 0;

function tableKey(table: string, source: string): string {
  return `${table}\u0000${source}`;
}

function drop(map: IdMap): void {
  total -= map.ids.size;
  maps.delete(map);
  map.owner.tables.delete(map.key);
}

/** Drops every id of one tenant's cache. */
function dropTenant(tenant: TenantIds): void {
  for (const map of tenant.tables.values()) drop(map);
}

/** When idle tenants were last looked for: at most once a second, so a batch pays for it rarely. */
let lastSweep = 0;

/** Drops the caches of tenants that opened no batch for `REFERENCE_CACHE_IDLE_MS` (all ids are in `maps`). */
function dropIdle(now: number): void {
  if (now - lastSweep < 1000) return;
  lastSweep = now;
  const idle = new Set<TenantIds>();
  for (const map of maps) if (now - map.owner.lastOpened > REFERENCE_CACHE_IDLE_MS) idle.add(map.owner);
  for (const tenant of idle) dropTenant(tenant);
}

/** Evicts the oldest ids until at most `MAX_IDS` are kept. */
function trim(): void {
  for (const map of maps) {
    if (total <= MAX_IDS) return;
    for (const xid of map.ids.keys()) {
      if (total <= MAX_IDS) break;
      map.ids.delete(xid);
      total -= 1;
    }
    if (map.ids.size === 0) drop(map);
  }
}

/** What one batch may take from and give to its tenant's cache: tied to the epoch its transaction read. */
export class ReferenceCacheView {
  readonly #tenant: TenantIds;
  readonly #epoch: string;

  constructor(tenant: TenantIds, epoch: string) {
    this.#tenant = tenant;
    this.#epoch = epoch;
  }

  /** Whether the tenant's cache still holds this batch's epoch. */
  get current(): boolean {
    return this.#tenant.epoch === this.#epoch;
  }

  /** The cached ids of `keys` (records of `table` in `source`), and the keys not cached. */
  take(
    table: string,
    source: string,
    keys: readonly string[],
  ): { hits: Map<string, string>; misses: string[] } {
    const hits = new Map<string, string>();
    const ids = this.current ? this.#tenant.tables.get(tableKey(table, source))?.ids : undefined;
    if (ids === undefined || ids.size === 0) return { hits, misses: [...keys] };
    const misses: string[] = [];
    for (const key of keys) {
      const id = ids.get(key);
      if (id === undefined) misses.push(key);
      else hits.set(key, id);
    }
    return { hits, misses };
  }

  /**
   * Adds ids of committed records of `table` in `source` (external id -> id). Call only after the
   * batch's transaction committed. Read with `forEach`, which makes no entry array per id.
   */
  remember(table: string, source: string, entries: ReadonlyMap<string, string>): void {
    const ids = this.#ids(table, source);
    if (ids === undefined) return;
    const before = ids.size;
    entries.forEach(setIn, ids);
    this.#added(ids.size - before);
  }

  /** `remember` of `xids[k] -> ids[k]` for every `k` (two arrays of the same length). */
  rememberEach(table: string, source: string, xids: readonly string[], ids: readonly string[]): void {
    const map = this.#ids(table, source);
    if (map === undefined) return;
    const before = map.size;
    for (let k = 0; k < xids.length; k++) map.set(xids[k] as string, ids[k] as string);
    this.#added(map.size - before);
  }

  /** The id map of `table` and `source`, made when missing; undefined when the epoch changed. */
  #ids(table: string, source: string): Map<string, string> | undefined {
    if (!this.current) return undefined;
    const key = tableKey(table, source);
    let map = this.#tenant.tables.get(key);
    if (map === undefined) {
      map = { owner: this.#tenant, key, ids: new Map() };
      this.#tenant.tables.set(key, map);
      maps.add(map);
    }
    return map.ids;
  }

  /** Counts `count` new ids, and evicts the oldest past the bound. */
  #added(count: number): void {
    total += count;
    if (total > MAX_IDS) trim();
  }
}

/** `Map.forEach` callback adding one id to `this`. */
function setIn(this: Map<string, string>, id: string, xid: string): void {
  this.set(xid, id);
}

/**
 * Reads the tenant's epoch in `trx` (the batch's write transaction, before its other reads) and
 * returns the batch's view of the cache of `db`, the tenant's pool; a cache of another epoch is
 * emptied first.
 */
export async function openReferenceCache(
  db: Db,
  trx: Queryable,
  now: number = Date.now(),
): Promise<ReferenceCacheView> {
  const epoch = await readReferenceEpoch(trx);
  let tenant = tenants.get(db);
  if (tenant === undefined) {
    tenant = { epoch, tables: new Map(), lastOpened: now };
    tenants.set(db, tenant);
  } else if (tenant.epoch !== epoch) {
    dropTenant(tenant);
    tenant.epoch = epoch;
  }
  tenant.lastOpened = now;
  dropIdle(now);
  return new ReferenceCacheView(tenant, epoch);
}

/**
 * Drops the cache of `db`, a tenant pool being closed: a pool opened again has a cache of its own,
 * so these ids would only wait for eviction. Call when no batch uses the pool any more.
 */
export function forgetReferenceCache(db: Db): void {
  const tenant = tenants.get(db);
  if (tenant === undefined) return;
  dropTenant(tenant);
  tenants.delete(db);
}

/** How many ids are cached, every tenant together (for tests of the bound). */
export function cachedIdCount(): number {
  return total;
}

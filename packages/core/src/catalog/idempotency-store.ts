import type { Row } from '../storage/dynamic-database.ts';
import type { Catalog } from './catalog.ts';

const TABLE = 'idempotency_keys';

/** What `claim` found for a key. */
export type Claim =
  /** The caller holds the key now: it runs the request, then `complete`s or `release`s. */
  | { readonly kind: 'claimed' }
  /** The key's request ran already: its stored response. */
  | { readonly kind: 'done'; readonly response: string }
  /** Another request with this key is running (its claim is fresh). */
  | { readonly kind: 'running' }
  /** The key was used with a different request. */
  | { readonly kind: 'reused' };

/** Timings of idempotency claims and records. */
export interface IdempotencyTimings {
  /** A running claim not refreshed for this long is abandoned (its process died) and may be taken over. */
  readonly staleClaimMs: number;
  /** Stored responses (and abandoned claims) older than this are deleted by `sweep`. */
  readonly retentionMs: number;
}

/** Rows deleted per statement by `sweep`. */
const SWEEP_CHUNK = 500;

/**
 * The catalog's `idempotency_keys`: one row per (tenant, key), inserted as a `running` claim before
 * the request runs, so concurrent requests with one key (in any process) run it once. The unique
 * key decides who runs; the others wait for the response and replay it.
 */
export class IdempotencyStore {
  readonly #catalog: Catalog;
  readonly #timings: IdempotencyTimings;

  constructor(catalog: Catalog, timings: IdempotencyTimings) {
    this.#catalog = catalog;
    this.#timings = timings;
  }

  /** Claims `key` for a request hashing to `requestHash`, or says who has it. */
  async claim(tenantId: string, key: string, requestHash: string, now = Date.now()): Promise<Claim> {
    const { db, dialect } = this.#catalog;
    for (;;) {
      try {
        await db
          .insertInto(TABLE)
          .values({
            tenant_id: tenantId,
            idem_key: key,
            request_hash: requestHash,
            response: '',
            state: 'running',
            created_at: iso(now),
          })
          .execute();
        return { kind: 'claimed' };
      } catch (error) {
        if (dialect.classifyError(error) !== 'unique_violation') throw error;
      }
      const row = (await db
        .selectFrom(TABLE)
        .select(['request_hash', 'response', 'state', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('idem_key', '=', key)
        .executeTakeFirst()) as Row | undefined;
      if (row === undefined) continue; // released meanwhile: claim again
      if (String(row['request_hash']) !== requestHash) return { kind: 'reused' };
      if (row['state'] === 'done') return { kind: 'done', response: String(row['response']) };
      const claimedAt = String(row['created_at']);
      if (claimedAt >= iso(now - this.#timings.staleClaimMs)) return { kind: 'running' };
      // An abandoned claim: take it over, unless another request took it first.
      const taken = await db
        .updateTable(TABLE)
        .set({ created_at: iso(now) })
        .where('tenant_id', '=', tenantId)
        .where('idem_key', '=', key)
        .where('state', '=', 'running')
        .where('created_at', '=', claimedAt)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) return { kind: 'claimed' };
    }
  }

  /** Keeps a running claim fresh (called while the request runs). */
  async refresh(tenantId: string, key: string, now = Date.now()): Promise<void> {
    await this.#catalog.db
      .updateTable(TABLE)
      .set({ created_at: iso(now) })
      .where('tenant_id', '=', tenantId)
      .where('idem_key', '=', key)
      .where('state', '=', 'running')
      .execute();
  }

  /** Stores the response of a claimed key; retention counts from now. */
  async complete(tenantId: string, key: string, response: string, now = Date.now()): Promise<void> {
    await this.#catalog.db
      .updateTable(TABLE)
      .set({ response, state: 'done', created_at: iso(now) })
      .where('tenant_id', '=', tenantId)
      .where('idem_key', '=', key)
      .where('state', '=', 'running')
      .execute();
  }

  /** Gives a claimed key up (the request failed): the next request with it runs again. */
  async release(tenantId: string, key: string): Promise<void> {
    await this.#catalog.db
      .deleteFrom(TABLE)
      .where('tenant_id', '=', tenantId)
      .where('idem_key', '=', key)
      .where('state', '=', 'running')
      .execute();
  }

  /** Deletes the stored record of a key (its response can no longer be replayed): the key is free. */
  async forget(tenantId: string, key: string): Promise<void> {
    await this.#catalog.db
      .deleteFrom(TABLE)
      .where('tenant_id', '=', tenantId)
      .where('idem_key', '=', key)
      .where('state', '=', 'done')
      .execute();
  }

  /**
   * Deletes records older than the retention, oldest first, in at most `maxChunks` rounds of a few
   * hundred rows (so a backlog never holds long locks); returns how many went.
   */
  async sweep(now = Date.now(), maxChunks = 20): Promise<number> {
    const { db } = this.#catalog;
    const cutoff = iso(now - this.#timings.retentionMs);
    let deleted = 0;
    for (let chunk = 0; chunk < maxChunks; chunk++) {
      const rows = (await db
        .selectFrom(TABLE)
        .select(['tenant_id', 'idem_key'])
        .where('created_at', '<', cutoff)
        .orderBy('created_at')
        .limit(SWEEP_CHUNK)
        .execute()) as Row[];
      if (rows.length === 0) break;
      const byTenant = new Map<string, string[]>();
      for (const row of rows) {
        const tenant = String(row['tenant_id']);
        byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), String(row['idem_key'])]);
      }
      for (const [tenant, keys] of byTenant) {
        const result = await db
          .deleteFrom(TABLE)
          .where('tenant_id', '=', tenant)
          .where('idem_key', 'in', keys)
          .where('created_at', '<', cutoff)
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      if (rows.length < SWEEP_CHUNK) break;
    }
    return deleted;
  }

  /** How many records the catalog holds (all tenants). */
  async count(): Promise<number> {
    const row = (await this.#catalog.db
      .selectFrom(TABLE)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()) as Row | undefined;
    return Number(row?.['n'] ?? 0);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

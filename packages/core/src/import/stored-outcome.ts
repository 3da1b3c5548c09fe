import type { Queryable } from '../storage/dynamic-database.ts';
import { OUTCOMES_TABLE } from '../storage/tenant-migrations.ts';

/**
 * An import to remember under its `Idempotency-Key`: its response is stored in the tenant
 * database in the same transaction as the records, so a retry after any failure between commit and
 * answer (core killed, catalog or network down) gets the outcome the commit had.
 */
export interface RememberedImport {
  readonly key: string;
  /** Hash of method, path and body: the same key with another request is refused. */
  readonly requestHash: string;
  /** Outcomes older than this are forgotten, as the catalog forgets its copy. */
  readonly retentionMs: number;
  /** Called when the response is the stored one. */
  onReplay(): void;
  /** Only replay the stored response: when none is stored, fail with `StoredOutcomeMissingError`. */
  readonly replayOnly?: boolean;
}

/** A replay was asked (`replayOnly`) and no outcome is stored under the key (any more). */
export class StoredOutcomeMissingError extends Error {
  override readonly name = 'StoredOutcomeMissingError';
}

/** The same key came with another request. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
}

/** The stored outcome of `remember.key`, if any; one past its retention is removed and ignored. */
export async function storedOutcome(
  db: Queryable,
  remember: RememberedImport,
  now = Date.now(),
): Promise<{ requestHash: string; response: string } | undefined> {
  const row = await db
    .selectFrom(OUTCOMES_TABLE)
    .select(['request_hash', 'response', 'created_at'])
    .where('idem_key', '=', remember.key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (Date.parse(String(row['created_at'])) < now - remember.retentionMs) {
    await db.deleteFrom(OUTCOMES_TABLE).where('idem_key', '=', remember.key).execute();
    return undefined;
  }
  return { requestHash: String(row['request_hash']), response: String(row['response']) };
}

/** Stores `response` under `key` (inside the import's write transaction). */
export async function storeOutcome(
  db: Queryable,
  remember: RememberedImport,
  response: string,
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto(OUTCOMES_TABLE)
    .values({
      idem_key: remember.key,
      request_hash: remember.requestHash,
      response,
      created_at: new Date(now).toISOString(),
    })
    .execute();
}

/** Removes outcomes older than `retentionMs`. */
export async function expireOutcomes(db: Queryable, retentionMs: number, now = Date.now()): Promise<void> {
  await db
    .deleteFrom(OUTCOMES_TABLE)
    .where('created_at', '<', new Date(now - retentionMs).toISOString())
    .execute();
}

import type { Kysely } from 'kysely';
import type { StoreDatabase } from './store-schema.ts';

/** Who works a run: a unique id plus what a person needs to find the process. */
export interface LockHolder {
  /** Unique per holding process and attempt. */
  readonly id: string;
  readonly pid: number;
  readonly host: string;
}

/** A held lock as stored: its holder, when it was taken and until when its lease runs. */
export interface RunLock extends LockHolder {
  readonly runId: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

/**
 * One lease per run in the run store: the holder renews it (heartbeat) well before it expires;
 * a holder that died (kill -9, lost host) stops renewing, and after expiry anyone may take it over.
 * Every step is one conditional statement, so two processes never both hold a run. Times are the
 * ISO-8601 UTC text of the taker's clock (holders on one network are assumed within seconds).
 */
export class RunLocks {
  readonly #db: Kysely<StoreDatabase>;

  constructor(db: Kysely<StoreDatabase>) {
    this.#db = db;
  }

  /** Takes the lock (new, expired, or already ours); otherwise returns the current holder's lock. */
  async acquire(
    runId: string,
    holder: LockHolder,
    leaseMs: number,
  ): Promise<{ acquired: true } | { acquired: false; held: RunLock }> {
    const now = new Date();
    const values = {
      holder_id: holder.id,
      pid: holder.pid,
      host: holder.host,
      acquired_at: now.toISOString(),
      expires_at: new Date(now.getTime() + leaseMs).toISOString(),
    };
    const inserted = await this.#db
      .insertInto('onboard_run_locks')
      .values({ run_id: runId, ...values })
      .onConflict((c) => c.column('run_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { acquired: true };
    const taken = await this.#db
      .updateTable('onboard_run_locks')
      .set(values)
      .where('run_id', '=', runId)
      .where((eb) => eb.or([eb('expires_at', '<', values.acquired_at), eb('holder_id', '=', holder.id)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { acquired: true };
    const held = await this.get(runId);
    // Released between our two statements: try once more.
    if (held === undefined) return this.acquire(runId, holder, leaseMs);
    return { acquired: false, held };
  }

  /** Takes the lock from `previousId` (a holder known dead), whatever its lease; false if it changed meanwhile. */
  async takeOver(runId: string, previousId: string, holder: LockHolder, leaseMs: number): Promise<boolean> {
    const now = new Date();
    const result = await this.#db
      .updateTable('onboard_run_locks')
      .set({
        holder_id: holder.id,
        pid: holder.pid,
        host: holder.host,
        acquired_at: now.toISOString(),
        expires_at: new Date(now.getTime() + leaseMs).toISOString(),
      })
      .where('run_id', '=', runId)
      .where('holder_id', '=', previousId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Extends our lease; false when the lock is no longer ours (it expired and was taken over). */
  async renew(runId: string, holderId: string, leaseMs: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('onboard_run_locks')
      .set({ expires_at: new Date(Date.now() + leaseMs).toISOString() })
      .where('run_id', '=', runId)
      .where('holder_id', '=', holderId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives the lock up, if still ours. */
  async release(runId: string, holderId: string): Promise<void> {
    await this.#db
      .deleteFrom('onboard_run_locks')
      .where('run_id', '=', runId)
      .where('holder_id', '=', holderId)
      .execute();
  }

  async get(runId: string): Promise<RunLock | undefined> {
    const row = await this.#db
      .selectFrom('onboard_run_locks')
      .selectAll()
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : {
          runId: row.run_id,
          id: row.holder_id,
          pid: Number(row.pid),
          host: row.host,
          acquiredAt: row.acquired_at,
          expiresAt: row.expires_at,
        };
  }
}

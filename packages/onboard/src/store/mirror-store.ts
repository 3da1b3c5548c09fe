import type { Kysely, Transaction } from 'kysely';
import { type EntityDeletions, insertDeletions, queryDeletions, removeDeletions } from './deletions.ts';
import type { BatchResult } from './run-records.ts';
import { countSeenIds, insertSeenIds, queryMirrorGaps, querySeenAmong } from './seen-ids.ts';
import type { StoreDatabase } from './store-schema.ts';

/**
 * What a mirror run keeps besides the run store's counts: the external ids its batches saw, the
 * entities where an id was unknown (gaps), and the ids it marked deleted. The run store records a
 * batch's seen ids in the batch's own transaction (`batchWork`); the rest is read and written by
 * the mirror step at the end of the run.
 */
export class MirrorStore {
  readonly #db: Kysely<StoreDatabase>;
  /** Whether each run is a mirror run, looked up once per run: the flag never changes after creation. */
  readonly #mirror = new Map<string, Promise<boolean>>();

  constructor(db: Kysely<StoreDatabase>) {
    this.#db = db;
  }

  /**
   * What to store in the transaction that records `batch`: for a mirror run (`options.mirror`), the
   * external ids the batch saw (see `insertSeenIds`); nothing otherwise. Asked before the
   * transaction opens (it may read the run).
   */
  async batchWork(batch: BatchResult): Promise<(trx: Transaction<StoreDatabase>) => Promise<void>> {
    return (await this.keepsSeenIds(batch.runId)) ? (trx) => insertSeenIds(trx, batch) : async () => {};
  }

  /** Which of `ids` (external ids of `entity`) the mirror run saw; looked up in chunks. */
  seenAmong(runId: string, entity: string, ids: readonly string[]): Promise<Set<string>> {
    return querySeenAmong(this.#db, runId, entity, ids);
  }

  /** Entities of a mirror run where a row's external id was unknown, with the reason. */
  gaps(runId: string): Promise<Map<string, string>> {
    return queryMirrorGaps(this.#db, runId);
  }

  /**
   * Notes ids a mirror run is about to mark deleted, before it asks core: if the answer is lost (a
   * crash), the ids stay noted, while core no longer lists them as live for the resumed run.
   */
  noteDeletions(runId: string, entity: string, ids: readonly string[]): Promise<void> {
    return insertDeletions(this.#db, runId, entity, ids);
  }

  /** Forgets noted deletions core did not make (it had no such record). */
  forgetDeletions(runId: string, entity: string, ids: readonly string[]): Promise<void> {
    return removeDeletions(this.#db, runId, entity, ids);
  }

  /** Per entity, what a mirror run marked deleted. */
  deletions(runId: string): Promise<EntityDeletions[]> {
    return queryDeletions(this.#db, runId);
  }

  /** How many external ids a run has stored, per entity (none unless it is a mirror run). */
  seenIdCounts(runId: string): Promise<Map<string, number>> {
    return countSeenIds(this.#db, runId);
  }

  /** Whether the run is a mirror run, whose batches keep their seen ids (`batchWork`). */
  keepsSeenIds(runId: string): Promise<boolean> {
    let known = this.#mirror.get(runId);
    if (known === undefined) {
      known = this.#db
        .selectFrom('onboard_runs')
        .select('options_json')
        .where('id', '=', runId)
        .executeTakeFirst()
        .then(
          (row) =>
            row !== undefined && (JSON.parse(row.options_json) as { mirror?: unknown }).mirror === true,
        );
      this.#mirror.set(runId, known);
      known.catch(() => this.#mirror.delete(runId));
    }
    return known;
  }
}

import type { ImportRecord } from '@madeup/contract';
import type { Kysely } from 'kysely';
import { INSERT_CHUNK } from './row-mappers.ts';
import type { StoreDatabase } from './store-schema.ts';

/** One member of a group of duplicates in a run's merge plan. */
export interface MergeMember {
  readonly entity: string;
  readonly externalId: string;
  /** The id the group's merged record has; equal to `externalId` for the survivor itself. */
  readonly survivorId: string;
  /** This member's row sends the merged record (`record`) in this run; the others are skipped. */
  readonly emit: boolean;
  /** The merged record, on the emitting member only. */
  readonly record: ImportRecord | null;
  /** The mapping's rule, in words, for the report. */
  readonly rule: string;
}

/** A task asked for a run's merge plan before it was stored (a defect of whoever ran the task). */
export class MergePlanPendingError extends Error {
  override readonly name = 'MergePlanPendingError';
  constructor(runId: string) {
    super(`the merge plan of run ${runId} is not stored yet`);
  }
}

/**
 * A run's merge plan (see docs/mappings.md, "Duplicates"): written once, when the run is created
 * or (`mergesPending`) while the run's first tasks that do not apply it run, and read by every
 * task of the merged entity and of the entities that refer to it, in whichever process. Only
 * members of groups of two or more are stored.
 */
export class MergeStore {
  readonly #db: Kysely<StoreDatabase>;

  constructor(db: Kysely<StoreDatabase>) {
    this.#db = db;
  }

  /**
   * Stores the run's merge plan, and in the same transaction clears the run's `mergesPending`: a
   * run stored before its plan has it stored whole or not at all.
   */
  async add(runId: string, members: readonly MergeMember[]): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (let i = 0; i < members.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('onboard_merges')
          .values(
            members.slice(i, i + INSERT_CHUNK).map((m) => ({
              run_id: runId,
              entity: m.entity,
              external_id: m.externalId,
              survivor_id: m.survivorId,
              emit: m.emit ? 1 : 0,
              record_json: m.record === null ? null : JSON.stringify(m.record),
              rule: m.rule,
            })),
          )
          .execute();
      }
      await trx
        .updateTable('onboard_runs')
        .set({ merges_pending: null })
        .where('id', '=', runId)
        .where('merges_pending', '=', 1)
        .execute();
    });
  }

  /**
   * The merge plan a task of run `runId` applies; empty when its mapping merges nothing. Refuses
   * (`MergePlanPendingError`) while the plan of a run stored before it is not stored yet: an empty
   * plan then would be wrong.
   */
  async plan(runId: string): Promise<MergeMember[]> {
    const run = await this.#db
      .selectFrom('onboard_runs')
      .select('merges_pending')
      .where('id', '=', runId)
      .executeTakeFirst();
    if (Number(run?.merges_pending) === 1) throw new MergePlanPendingError(runId);
    return this.list(runId);
  }

  /** The members stored for the run so far (all of its plan unless `mergesPending`), for reports. */
  async list(runId: string): Promise<MergeMember[]> {
    const rows = await this.#db
      .selectFrom('onboard_merges')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('entity')
      .orderBy('survivor_id')
      .orderBy('external_id')
      .execute();
    return rows.map((row) => ({
      entity: row.entity,
      externalId: row.external_id,
      survivorId: row.survivor_id,
      emit: Number(row.emit) === 1,
      record: row.record_json === null ? null : (JSON.parse(row.record_json) as ImportRecord),
      rule: row.rule,
    }));
  }
}

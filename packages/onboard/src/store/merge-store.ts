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

/**
 * A run's merge plan (see docs/mappings.md, "Duplicates"): written once when the run is created,
 * before any task, and read by every task of the merged entity and of the entities that refer to
 * it, in whichever process. Only members of groups of two or more are stored.
 */
export class MergeStore {
  readonly #db: Kysely<StoreDatabase>;

  constructor(db: Kysely<StoreDatabase>) {
    this.#db = db;
  }

  async add(runId: string, members: readonly MergeMember[]): Promise<void> {
    for (let i = 0; i < members.length; i += INSERT_CHUNK) {
      await this.#db
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
  }

  /** The run's merge plan; empty when its mapping merges nothing. */
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

import type { Kysely } from 'kysely';
import { SEEN_CHUNK } from './seen-ids.ts';
import type { StoreDatabase } from './store-schema.ts';

/** What a mirror run marked deleted in one entity. */
export interface EntityDeletions {
  readonly entity: string;
  readonly count: number;
  /** The external ids, in id order. */
  readonly externalIds: readonly string[];
}

/** Stores ids a mirror run is deleting; set semantics, so a retried delete batch adds nothing. */
export async function insertDeletions(
  db: Kysely<StoreDatabase>,
  runId: string,
  entity: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += SEEN_CHUNK) {
    const values = ids.slice(i, i + SEEN_CHUNK).map((id) => ({ run_id: runId, entity, external_id: id }));
    await db
      .insertInto('onboard_deletions')
      .values(values)
      .onConflict((oc) => oc.columns(['run_id', 'entity', 'external_id']).doNothing())
      .execute();
  }
}

/** Forgets ids core did not delete (it had no such record). */
export async function removeDeletions(
  db: Kysely<StoreDatabase>,
  runId: string,
  entity: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += SEEN_CHUNK) {
    await db
      .deleteFrom('onboard_deletions')
      .where('run_id', '=', runId)
      .where('entity', '=', entity)
      .where('external_id', 'in', ids.slice(i, i + SEEN_CHUNK))
      .execute();
  }
}

/** Per entity, the ids a run marked deleted (entities in name order). */
export async function queryDeletions(db: Kysely<StoreDatabase>, runId: string): Promise<EntityDeletions[]> {
  const rows = await db
    .selectFrom('onboard_deletions')
    .select(['entity', 'external_id'])
    .where('run_id', '=', runId)
    .orderBy('entity')
    .orderBy('external_id')
    .execute();
  const byEntity = new Map<string, string[]>();
  for (const row of rows) {
    const ids = byEntity.get(row.entity) ?? [];
    ids.push(row.external_id);
    byEntity.set(row.entity, ids);
  }
  return [...byEntity].map(([entity, externalIds]) => ({ entity, count: externalIds.length, externalIds }));
}

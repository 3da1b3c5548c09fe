import { MAX_EXTERNAL_ID_LENGTH } from '@madeup/contract';
import type { Kysely, Transaction } from 'kysely';
import type { BatchResult } from './run-records.ts';
import type { StoreDatabase } from './store-schema.ts';

/** Ids per multi-row INSERT or IN list (3 parameters a row), under every dialect's parameter limit. */
export const SEEN_CHUNK = 1000;

/** Longest external id core accepts: a longer one (rejected by the mapping) cannot name a core record. */

/**
 * Stores the external ids a mirror run's batch saw (its sent ids and its rejected rows' ids), and
 * marks the entity as having a gap when a row's id is unknown. Set semantics: a replayed batch
 * (same run, task and seq) or an id seen twice adds nothing.
 */
export async function insertSeenIds(trx: Transaction<StoreDatabase>, batch: BatchResult): Promise<void> {
  const ids = new Set<string>();
  for (const id of batch.sentIds ?? []) if (id.length <= MAX_EXTERNAL_ID_LENGTH) ids.add(id);
  let gap: string | undefined;
  for (const r of batch.rejections) {
    if (r.externalId === null) gap = 'a rejected row had no external id';
    else if (r.externalId.length <= MAX_EXTERNAL_ID_LENGTH) ids.add(r.externalId);
  }
  if (batch.sentIds === undefined && batch.rowsRead > batch.skipped)
    gap = 'a batch was recorded without its external ids';
  const all = [...ids];
  for (let i = 0; i < all.length; i += SEEN_CHUNK) {
    const values = all
      .slice(i, i + SEEN_CHUNK)
      .map((id) => ({ run_id: batch.runId, entity: batch.entity, external_id: id }));
    await trx
      .insertInto('onboard_seen_ids')
      .values(values)
      .onConflict((oc) => oc.columns(['run_id', 'entity', 'external_id']).doNothing())
      .execute();
  }
  if (gap !== undefined) {
    await trx
      .insertInto('onboard_mirror_gaps')
      .values({ run_id: batch.runId, entity: batch.entity, reason: gap })
      .onConflict((oc) => oc.columns(['run_id', 'entity']).doNothing())
      .execute();
  }
}

/** Which of `ids` the run saw for `entity` (looked up in chunks; only the matches are returned). */
export async function querySeenAmong(
  db: Kysely<StoreDatabase>,
  runId: string,
  entity: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i += SEEN_CHUNK) {
    const rows = await db
      .selectFrom('onboard_seen_ids')
      .select('external_id')
      .where('run_id', '=', runId)
      .where('entity', '=', entity)
      .where('external_id', 'in', ids.slice(i, i + SEEN_CHUNK))
      .execute();
    for (const row of rows) seen.add(row.external_id);
  }
  return seen;
}

/** Per entity of the run with a gap: why its deletions must be skipped. */
export async function queryMirrorGaps(
  db: Kysely<StoreDatabase>,
  runId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('onboard_mirror_gaps')
    .select(['entity', 'reason'])
    .where('run_id', '=', runId)
    .execute();
  return new Map(rows.map((row) => [row.entity, row.reason]));
}

/** How many external ids the run has stored, per entity (empty for a run that is not a mirror run). */
export async function countSeenIds(db: Kysely<StoreDatabase>, runId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('onboard_seen_ids')
    .select(['entity', (eb) => eb.fn.countAll().as('ids')])
    .where('run_id', '=', runId)
    .groupBy('entity')
    .execute();
  return new Map(rows.map((row) => [row.entity, Number(row.ids)]));
}

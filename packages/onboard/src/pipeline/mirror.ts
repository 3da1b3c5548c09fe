import { createHash } from 'node:crypto';
import type { CoreClient } from '../loader/core-client.ts';
import type { BatchResult } from '../store/run-records.ts';

/** What a mirror run did for one entity: records marked deleted, or why it was skipped. */
export interface EntityMirror {
  readonly entity: string;
  readonly deleted: number;
  /** Set when nothing was deleted on purpose (e.g. a rejected row whose external id is unknown). */
  readonly skipped?: string;
}

/** The external ids a run saw per entity, collected from its batches as they are recorded. */
export class SeenIds {
  readonly #ids = new Map<string, Set<string>>();
  readonly #unknown = new Set<string>();

  /** Adds a batch's sent ids and the ids of its rejected rows (a rejected row still exists in the source). */
  add(batch: BatchResult): void {
    const ids = this.#ids.get(batch.entity) ?? new Set<string>();
    this.#ids.set(batch.entity, ids);
    for (const id of batch.sentIds ?? []) ids.add(id);
    for (const r of batch.rejections) {
      if (r.externalId === null) this.#unknown.add(batch.entity);
      else ids.add(r.externalId);
    }
    if (batch.sentIds === undefined && batch.rowsRead > batch.skipped) this.#unknown.add(batch.entity);
  }

  has(entity: string, id: string): boolean {
    return this.#ids.get(entity)?.has(id) === true;
  }

  /** True when some row of the entity was seen without its external id: deleting could be wrong. */
  incomplete(entity: string): boolean {
    return this.#unknown.has(entity);
  }
}

const PAGE = 1000;

/**
 * Marks deleted in core every record of `source` the run did not see, entity by entity in the
 * order given (children before parents), in batches of at most `batchSize` ids.
 */
export async function mirrorDeletions(
  client: CoreClient,
  input: {
    readonly runId: string;
    readonly source: string;
    /** Entities in deletion order: reverse dependency order. */
    readonly entities: readonly string[];
    readonly seen: SeenIds;
    readonly batchSize: number;
    readonly signal?: AbortSignal;
  },
): Promise<EntityMirror[]> {
  const results: EntityMirror[] = [];
  for (const entity of input.entities) {
    if (input.seen.incomplete(entity)) {
      results.push({ entity, deleted: 0, skipped: 'a rejected row had no external id' });
      continue;
    }
    const vanished: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.records(
        entity,
        input.source,
        { limit: PAGE, ...(after === undefined ? {} : { after }) },
        input.signal,
      );
      for (const item of page.items) {
        if (item.deletedAt == null && !input.seen.has(entity, item.externalId))
          vanished.push(item.externalId);
      }
      after = page.next;
    } while (after !== undefined);
    let deleted = 0;
    for (let i = 0; i < vanished.length; i += input.batchSize) {
      const externalIds = vanished.slice(i, i + input.batchSize);
      const key = createHash('sha256')
        .update(`${input.runId}\nmirror\n${entity}\n${externalIds.join('\n')}`)
        .digest('hex');
      const response = await client.deleteBatch(
        entity,
        { source: input.source, externalIds },
        { idempotencyKey: key, ...(input.signal === undefined ? {} : { signal: input.signal }) },
      );
      deleted += response.counts.deleted;
    }
    results.push({ entity, deleted });
  }
  return results;
}

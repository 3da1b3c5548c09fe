import { createHash } from 'node:crypto';
import type { CoreClient } from '../loader/core-client.ts';

/** What a mirror run did for one entity: records marked deleted, or why it was skipped. */
export interface EntityMirror {
  readonly entity: string;
  readonly deleted: number;
  /** Set when nothing was deleted on purpose (e.g. a rejected row whose external id is unknown). */
  readonly skipped?: string;
}

/** Where a mirror run's seen and deleted external ids are kept (the run store's `MirrorStore`). */
export interface SeenIdStore {
  seenAmong(runId: string, entity: string, ids: readonly string[]): Promise<Set<string>>;
  gaps(runId: string): Promise<Map<string, string>>;
  noteDeletions(runId: string, entity: string, ids: readonly string[]): Promise<void>;
  forgetDeletions(runId: string, entity: string, ids: readonly string[]): Promise<void>;
  deletions(runId: string): Promise<readonly { readonly entity: string; readonly count: number }[]>;
}

const PAGE = 1000;

/**
 * Marks deleted in core every record of `source` the run did not see, entity by entity in the
 * order given (children before parents), in batches of at most `batchSize` ids. Core's records are
 * read a page at a time and each page is checked against the ids the run stored, so only one page
 * and the vanished ids are in memory, whatever the number of records. The ids of each delete batch
 * are noted in the run store before core is asked, and those core had no record of are forgotten
 * after, so `deleted` also counts what an earlier, interrupted attempt of the run deleted.
 */
export async function mirrorDeletions(
  client: CoreClient,
  input: {
    readonly runId: string;
    readonly source: string;
    /** Entities in deletion order: reverse dependency order. */
    readonly entities: readonly string[];
    /** The run store holding the ids the run saw. */
    readonly seen: SeenIdStore;
    readonly batchSize: number;
    readonly signal?: AbortSignal;
  },
): Promise<EntityMirror[]> {
  const results: EntityMirror[] = [];
  const gaps = await input.seen.gaps(input.runId);
  for (const entity of input.entities) {
    const gap = gaps.get(entity);
    if (gap !== undefined) {
      results.push({ entity, deleted: 0, skipped: gap });
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
      const live = page.items.filter((item) => item.deletedAt == null).map((item) => item.externalId);
      const seen =
        live.length === 0 ? new Set<string>() : await input.seen.seenAmong(input.runId, entity, live);
      for (const id of live) if (!seen.has(id)) vanished.push(id);
      after = page.next;
    } while (after !== undefined);
    for (let i = 0; i < vanished.length; i += input.batchSize) {
      const externalIds = vanished.slice(i, i + input.batchSize);
      const key = createHash('sha256')
        .update(`${input.runId}\nmirror\n${entity}\n${externalIds.join('\n')}`)
        .digest('hex');
      await input.seen.noteDeletions(input.runId, entity, externalIds);
      const response = await client.deleteBatch(
        entity,
        { source: input.source, externalIds },
        { idempotencyKey: key, ...(input.signal === undefined ? {} : { signal: input.signal }) },
      );
      const missing = response.results.filter((r) => r.outcome === 'not_found').map((r) => r.externalId);
      if (missing.length > 0) await input.seen.forgetDeletions(input.runId, entity, missing);
    }
    results.push({ entity, deleted: 0 });
  }
  const counts = new Map((await input.seen.deletions(input.runId)).map((d) => [d.entity, d.count]));
  return results.map((r) => (r.skipped === undefined ? { ...r, deleted: counts.get(r.entity) ?? 0 } : r));
}

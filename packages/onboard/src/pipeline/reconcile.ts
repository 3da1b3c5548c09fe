import type { SourceStats } from '@madeup/contract';
import type { EntityTotals } from '../store/run-records.ts';
import type { EntityReconciliation } from './run-summary.ts';

/**
 * Compares, per entity, the records this run loaded (count and the checksum recomputed from the
 * content hashes core returned) with core's own count and checksum for the source. They match
 * when the run covered the whole source; records loaded earlier and since gone from the source
 * (or a failed run) show as a mismatch, which is the point. An entity the run did not read whole
 * (a dry run, or an incremental read past a watermark) cannot match core's total: `skipOf` gives
 * the reason, and the entity is reported `skipped` with it instead of a false mismatch.
 */
export function reconcile(
  totals: readonly EntityTotals[],
  stats: SourceStats | null,
  skipOf: (entity: string) => string | undefined,
): EntityReconciliation[] {
  return totals.map((t) => {
    const base = { entity: t.entity, loaded: t.checksumCount, checksum: t.checksum };
    const reason = skipOf(t.entity);
    if (reason !== undefined)
      return { ...base, coreCount: null, coreChecksum: null, status: 'skipped' as const, reason };
    const core = stats?.entities.find((e) => e.entity === t.entity);
    if (stats === null)
      return { ...base, coreCount: null, coreChecksum: null, status: 'unavailable' as const };
    const coreCount = core?.count ?? 0;
    const coreChecksum = core?.checksum ?? '0000000000000000';
    const match = coreCount === t.checksumCount && coreChecksum === t.checksum;
    return { ...base, coreCount, coreChecksum, status: match ? ('match' as const) : ('mismatch' as const) };
  });
}

/** Why an entity's reconciliation is skipped: a dry run, or an incremental read past a watermark; undefined when it was read whole. */
export function skipReasons(
  dryRun: boolean,
  tasks: readonly {
    readonly entity: string;
    readonly entities?: readonly string[];
    readonly cursor?: { readonly column: string };
  }[],
): (entity: string) => string | undefined {
  if (dryRun) return () => 'a dry run writes nothing to compare with core';
  const partial = new Map<string, string>();
  for (const task of tasks) {
    if (task.cursor === undefined) continue;
    for (const entity of task.entities ?? [task.entity])
      partial.set(
        entity,
        `incremental: only rows past the watermark on ${task.cursor.column} (or with it null) were read, while core also holds the records of earlier runs; a full run (without --incremental) reconciles every record`,
      );
  }
  return (entity) => partial.get(entity);
}

import type { SourceStats } from '@madeup/contract';
import type { EntityTotals } from '../store/run-records.ts';
import type { EntityReconciliation } from './run-summary.ts';

/**
 * Compares, per entity, the records this run loaded (count and the checksum recomputed from the
 * content hashes core returned) with core's own count and checksum for the source. They match
 * when the run covered the whole source; records loaded earlier and since gone from the source
 * (or a failed run) show as a mismatch, which is the point.
 */
export function reconcile(
  totals: readonly EntityTotals[],
  stats: SourceStats | null,
  partial: boolean,
): EntityReconciliation[] {
  return totals.map((t) => {
    const base = { entity: t.entity, loaded: t.checksumCount, checksum: t.checksum };
    if (partial) return { ...base, coreCount: null, coreChecksum: null, status: 'skipped' as const };
    const core = stats?.entities.find((e) => e.entity === t.entity);
    if (stats === null)
      return { ...base, coreCount: null, coreChecksum: null, status: 'unavailable' as const };
    const coreCount = core?.count ?? 0;
    const coreChecksum = core?.checksum ?? '0000000000000000';
    const match = coreCount === t.checksumCount && coreChecksum === t.checksum;
    return { ...base, coreCount, coreChecksum, status: match ? ('match' as const) : ('mismatch' as const) };
  });
}

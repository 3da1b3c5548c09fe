import type { EntityMirror } from '../pipeline/mirror.ts';
import type { EntityDeletions } from '../store/deletions.ts';

/** External ids listed per entity in the text report; `--json` gives them all. */
const SHOWN_IDS = 20;

/**
 * What a mirror run deleted, one line per entity (`mirror: payments: 3 deleted: p-7, p-9, p-12`),
 * and why an entity deleted nothing on purpose. Nothing for a run that is not a mirror run.
 */
export function deletionLines(summary: {
  readonly mirror?: readonly EntityMirror[];
  readonly deletions?: readonly EntityDeletions[];
}): string[] {
  if (summary.mirror === undefined) return [];
  const ids = new Map((summary.deletions ?? []).map((d) => [d.entity, d.externalIds]));
  if (summary.mirror.length === 0) return ['mirror: nothing deleted'];
  return summary.mirror.map((m) => {
    if (m.skipped !== undefined) return `mirror: ${m.entity}: nothing deleted (${m.skipped})`;
    const shown = (ids.get(m.entity) ?? []).slice(0, SHOWN_IDS);
    const more = m.deleted > shown.length ? `, … ${m.deleted - shown.length} more` : '';
    return `mirror: ${m.entity}: ${m.deleted} deleted: ${shown.join(', ')}${more}`;
  });
}

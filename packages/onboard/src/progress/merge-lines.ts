import type { EntityMerges } from '../pipeline/merge-report.ts';

/** Groups listed per entity in the text summary; `onboard report RUN --json` gives them all. */
const SHOWN_GROUPS = 10;

/** `merged: customers: 58 duplicate rows into 57 records (rule)`, then the first groups. */
export function mergeLines(merges: readonly EntityMerges[] | undefined): string[] {
  const lines: string[] = [];
  for (const m of merges ?? []) {
    lines.push(
      `merged: ${m.entity}: ${m.mergedAway} duplicate rows into ${m.groups.length} records (${m.rule})`,
    );
    for (const g of m.groups.slice(0, SHOWN_GROUPS))
      lines.push(`merged: ${m.entity} ${g.survivor} <- ${g.mergedAway.join(', ')}`);
    if (m.groups.length > SHOWN_GROUPS)
      lines.push(`merged: ${m.entity}: … ${m.groups.length - SHOWN_GROUPS} more`);
  }
  return lines;
}

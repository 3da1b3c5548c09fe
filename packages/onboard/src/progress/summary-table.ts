import { redact } from '../config/redact-url.ts';
import type { RunSummary } from '../pipeline/run-summary.ts';
import { mergeLines } from './merge-lines.ts';

/** The end-of-run table: per entity read, created, updated, unchanged, skipped, rejected, and reconciliation. */
export function formatSummary(summary: RunSummary): string {
  const header = [
    'entity',
    'read',
    'created',
    'updated',
    'unchanged',
    'skipped',
    'rejected',
    'in core',
    'checksum',
  ];
  const byEntity = new Map(summary.reconciliation.map((r) => [r.entity, r]));
  const rows = summary.entities.map((t) => {
    const r = byEntity.get(t.entity);
    return [
      t.entity,
      String(t.read),
      String(t.created),
      String(t.updated),
      String(t.unchanged),
      String(t.skipped),
      String(t.rejected),
      r?.coreCount === null || r === undefined ? '-' : String(r.coreCount),
      r?.status ?? '-',
    ];
  });
  const sum = (i: number) => String(rows.reduce((acc, row) => acc + Number(row[i] ?? 0), 0));
  const total = ['total', sum(1), sum(2), sum(3), sum(4), sum(5), sum(6), '', ''];
  const table = [header, ...rows, total];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const render = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 || i === 8 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const title = `run ${summary.runId}${summary.dryRun ? ' (dry run)' : ''}: ${summary.status} ${durationText(summary)}`;
  const lines = [title, render(header), rule, ...rows.map(render), rule, render(total)];
  for (const failure of summary.failed) lines.push(redact(`failed task ${failure.taskId}: ${failure.error}`));
  const mismatched = summary.reconciliation.filter((r) => r.status === 'mismatch');
  for (const r of mismatched) {
    lines.push(
      `reconciliation: ${r.entity}: this run loaded ${r.loaded} (checksum ${r.checksum}), core holds ${r.coreCount} (checksum ${r.coreChecksum})`,
    );
  }
  const skipped = new Map<string, string[]>();
  for (const r of summary.reconciliation) {
    if (r.status === 'skipped' && r.reason !== undefined)
      skipped.set(r.reason, [...(skipped.get(r.reason) ?? []), r.entity]);
  }
  for (const [reason, entities] of skipped)
    lines.push(`reconciliation skipped for ${entities.join(', ')}: ${reason}`);
  lines.push(...mergeLines(summary.merges));
  if (summary.dryRun) lines.push(...DRY_RUN_LIMITS);
  return `${lines.join('\n')}\n`;
}

/**
 * How long the run took: `in 41.2s` from its first start to its end; a resume adds its own time,
 * `in 41.2s since it first started (this resume 0.8s)`, so that neither reads as the other.
 */
export function durationText(summary: Pick<RunSummary, 'durationMs' | 'resumeMs'>): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  return summary.resumeMs === undefined
    ? `in ${seconds(summary.durationMs)}`
    : `in ${seconds(summary.durationMs)} since it first started (this resume ${seconds(summary.resumeMs)})`;
}

/**
 * Where to see why rows were rejected, for the end of `run` and `resume` (stderr, under the
 * table); nothing when none was. A run that rejected every row still exits 0 (without
 * `--max-rejects`), so the table alone would leave the reason to be guessed.
 */
export function rejectedHint(summary: RunSummary): string {
  const rejected = summary.entities.reduce((sum, entity) => sum + entity.rejected, 0);
  if (rejected === 0) return '';
  return `${rejected} row(s) rejected: \`onboard report ${summary.runId}\` shows why, \`--rejected-csv FILE\` writes them all\n`;
}

/**
 * What a dry run's counts cannot tell, printed under its table: core judged each batch alone,
 * against the tenant as it was, and kept nothing.
 */
export const DRY_RUN_LIMITS: readonly string[] = [
  'dry run: nothing was written; the counts are what core would do with each batch alone. It cannot know:',
  '  - references to parents found neither in core nor in the source (orphans): sent deferred, they count as created here and are rejected by a real run;',
  '  - what depends on earlier writes: records that several batches create or change, and unique values two batches share;',
  '  - changes to the tenant between this dry run and the real one.',
  'A real run can therefore reject rows counted as created here; `onboard report RUN` of that run shows which.',
];

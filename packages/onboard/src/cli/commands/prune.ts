import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { DEFAULT_STORE } from '../../store/default-store.ts';
import type { PruneResult, PruneTable } from '../../store/prune-runs.ts';
import { parseDuration } from '../parse-duration.ts';

/** `onboard prune`: removes old ended runs from the run store. */
export const registerPrune = (program: Command): void => {
  program
    .command('prune')
    .description(
      'Delete every row of runs that ended (succeeded, failed, cancelled) longer ago than --older-than',
    )
    .option(
      '--store <url>',
      'run store: a SQLite file or a postgres:// URL',
      readEnv('store') ?? DEFAULT_STORE,
    )
    .requiredOption('--older-than <duration>', 'how long ago a run must have ended, e.g. 30d or 12h')
    .option('--dry-run', 'print what would be deleted, delete nothing')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { store: string; olderThan: string; dryRun?: boolean; json?: boolean }) => {
      const age = parseDuration(flags.olderThan, '--older-than');
      const [{ openRunStore }, { PRUNE_TABLES }] = await Promise.all([
        import('../../store/open-run-store.ts'),
        import('../../store/prune-runs.ts'),
      ]);
      const store = await openRunStore(flags.store, 'existing');
      try {
        const result = await store.prune({
          endedBefore: new Date(Date.now() - age),
          dryRun: flags.dryRun === true,
        });
        process.stdout.write(
          flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatPrune(result, PRUNE_TABLES),
        );
      } finally {
        await store.close();
      }
    });
};

/** The prune result as text: runs, rows per table, and the old runs kept. */
export function formatPrune(result: PruneResult, tables: readonly PruneTable[]): string {
  const verb = result.dryRun ? 'would delete' : 'deleted';
  const lines = [
    `${result.dryRun ? 'dry run: ' : ''}${result.runs.length} run(s) ended before ${result.endedBefore}`,
  ];
  for (const run of result.runs) lines.push(`  ${run.runId}  ${run.status}  finished ${run.finishedAt}`);
  lines.push(`rows ${verb}:`);
  const width = Math.max(...tables.map((t) => t.length));
  for (const table of tables) lines.push(`  ${table.padEnd(width)}  ${result.totals[table]}`);
  for (const run of result.kept) lines.push(`kept ${run.runId}: ${run.reason}`);
  return `${lines.join('\n')}\n`;
}

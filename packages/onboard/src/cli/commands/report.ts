import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { DEFAULT_STORE } from '../../store/default-store.ts';

/** `onboard report RUN`: a run's counts, reconciliation and rejected records. */
export const registerReport = (program: Command): void => {
  program
    .command('report')
    .description("Show a run's counts per entity, reconciliation, failures and rejected records")
    .argument('<run>', 'the run id (see `onboard runs`)')
    .option(
      '--store <url>',
      'run store: a SQLite file or a postgres:// URL',
      readEnv('store') ?? DEFAULT_STORE,
    )
    .option(
      '--rejected-csv <file>',
      'also write the rejected records, with every reason and the source row, as CSV',
    )
    .option('--json', 'print the report as JSON')
    .action(async (runId: string, flags: { store: string; rejectedCsv?: string; json?: boolean }) => {
      const [
        { openRunStore },
        { storedSummary },
        { writeRejectionsCsv },
        { deletionLines },
        { formatSummary },
      ] = await Promise.all([
        import('../../store/open-run-store.ts'),
        import('../../pipeline/stored-summary.ts'),
        import('../../pipeline/rejections-csv.ts'),
        import('../../progress/deletion-lines.ts'),
        import('../../progress/summary-table.ts'),
      ]);
      const store = await openRunStore(flags.store, 'existing');
      try {
        const summary = await storedSummary(store, runId);
        const sample = await store.rejections(runId, 10);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, rejectedSample: sample }, null, 2)}\n`);
        } else {
          const tasks = Object.entries(summary.tasks)
            .map(([status, n]) => `${n} ${status}`)
            .join(', ');
          process.stdout.write(`${formatSummary(summary)}tasks: ${tasks}\n`);
          for (const line of deletionLines(summary)) process.stdout.write(`${line}\n`);
          for (const r of sample) {
            const reasons = r.errors.map((e) => `${e.field} ${e.code}: ${e.message}`).join('; ');
            process.stdout.write(
              `rejected ${r.entity} ${r.externalId ?? '(no id)'} [${r.stage}]: ${reasons}\n`,
            );
          }
        }
        if (flags.rejectedCsv !== undefined) {
          const count = await writeRejectionsCsv(store, runId, flags.rejectedCsv);
          process.stderr.write(`wrote ${count} rejected record(s) to ${flags.rejectedCsv}\n`);
        }
      } finally {
        await store.close();
      }
    });
};

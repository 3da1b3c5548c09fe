import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { runMode } from '../../pipeline/run-mode.ts';
import { DEFAULT_STORE } from '../../store/default-store.ts';

/** `onboard runs`: the run history, newest first. */
export const registerRuns = (program: Command): void => {
  program
    .command('runs')
    .description('List runs, newest first: status, tenant, mode, source, timings, rows')
    .option(
      '--store <url>',
      'run store: a SQLite file or a postgres:// URL',
      readEnv('store') ?? DEFAULT_STORE,
    )
    .option('--limit <n>', 'how many runs', '20')
    .option('--json', 'print the runs as JSON')
    .action(async (flags: { store: string; limit: string; json?: boolean }) => {
      const { openRunStore } = await import('../../store/open-run-store.ts');
      const store = await openRunStore(flags.store, 'existing');
      try {
        const runs = await store.listRuns(Number(flags.limit) || 20);
        const rows = await Promise.all(
          runs.map(async (run) => ({
            run,
            read: (await store.entityTotals(run.id)).reduce((sum, t) => sum + t.read, 0),
          })),
        );
        if (flags.json) {
          process.stdout.write(
            `${JSON.stringify(
              rows.map(({ run, read }) => ({ ...run, mode: runMode(run), rowsRead: read })),
              null,
              2,
            )}\n`,
          );
          return;
        }
        const header = ['run', 'status', 'tenant', 'mode', 'source', 'started', 'finished', 'rows read'];
        const table = [
          header,
          ...rows.map(({ run, read }) => [
            run.id,
            run.status,
            run.tenantId ?? '?',
            runMode(run),
            run.sourceName,
            run.startedAt ?? run.createdAt,
            run.finishedAt ?? '-',
            String(read),
          ]),
        ];
        const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
        const out = table.map((r) =>
          r
            .map((c, i) => c.padEnd(widths[i] ?? 0))
            .join('  ')
            .trimEnd(),
        );
        process.stdout.write(`${out.join('\n')}\n${runs.length === 0 ? 'no runs yet\n' : ''}`);
      } finally {
        await store.close();
      }
    });
};

import type { Command } from 'commander';
import { executeRun } from '../../pipeline/execute-run.ts';
import { withInterrupt } from '../../pipeline/interrupt.ts';
import { openRunContext } from '../../pipeline/open-run-context.ts';
import { parseRejectLimit } from '../../pipeline/reject-limit.ts';
import { runOutcome } from '../../pipeline/run-outcome.ts';
import { createRun, startRun } from '../../pipeline/start-run.ts';
import { chooseProgress } from '../../progress/choose-progress.ts';
import { CommandExit } from '../command-exit.ts';
import { configFromFlags } from '../config-from-flags.ts';
import { addExecutorFlags, type ExecutorFlags, executorFromFlags } from '../executor-flags.ts';
import { addConnectionFlags, type ConnectionFlags } from '../run-flags.ts';

/** `onboard run`: plan and execute an import, with progress and a reconciled summary. */
export const registerRun = (program: Command): void => {
  addExecutorFlags(
    addConnectionFlags(
      program
        .command('run')
        .description('Import a source into a tenant: plan, transform, load in parallel, and reconcile')
        .option('--dry-run', "run everything against core's dry-run mode: report, write nothing")
        .option(
          '--incremental',
          "read only rows past each stream's watermark (entities whose mapping names a cursor)",
        )
        .option(
          '--mirror',
          'after a complete, successful full run: mark records the source no longer has as deleted in core',
        )
        .option(
          '--max-rejects <n|p%>',
          'exit 5 when more rows than this are rejected: a count, or a percentage of the rows read (default: no limit)',
        ),
      true,
    ),
  ).action(
    async (
      flags: ConnectionFlags &
        ExecutorFlags & { dryRun?: boolean; incremental?: boolean; mirror?: boolean; maxRejects?: string },
    ) => {
      let failure: ReturnType<typeof runOutcome>;
      const maxRejects = parseRejectLimit(flags.maxRejects);
      const config = configFromFlags(
        flags,
        flags.dryRun === true,
        flags.incremental === true,
        flags.mirror === true,
      );
      const progress = chooseProgress(flags.json === true);
      const context = await openRunContext({
        ...config,
        connections: config.concurrency * 2,
        onRetry: (r) => progress.note(`core busy (${r.reason}), retrying in ${r.delayMs} ms`, { retry: r }),
        onWarning: (m) => progress.note(`warning: ${m}`),
      });
      try {
        const executor = executorFromFlags(flags, {
          ...config,
          store: context.store,
          onNote: (m) => progress.note(m),
          onBatch: (b) => progress.batch(b),
          snapshots: context.connector.snapshots,
        });
        failure = runOutcome(
          await withInterrupt(async (signal) => {
            if (executor === undefined) return startRun(context, config, progress, signal);
            const runId = await createRun(context, config);
            return executeRun(context, runId, {
              concurrency: config.concurrency,
              progress,
              signal,
              executor,
            });
          }),
          maxRejects,
        );
      } finally {
        await context.close();
      }
      if (failure) throw new CommandExit(failure.message, failure.exitCode);
    },
  );
};

import type { Command } from 'commander';
import { parseRejectLimit } from '../../pipeline/reject-limit.ts';
import { configFromFlags } from '../config-from-flags.ts';
import { addExecutorFlags, type ExecutorFlags } from '../executor-flags.ts';
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
      const maxRejects = parseRejectLimit(flags.maxRejects);
      const config = configFromFlags(
        flags,
        flags.dryRun === true,
        flags.incremental === true,
        flags.mirror === true,
      );
      // Loaded when the command runs, not at start-up: the other commands do not need them.
      const [{ driveRun }, { executeRun }, { createRun }] = await Promise.all([
        import('../drive-run.ts'),
        import('../../pipeline/execute-run.ts'),
        import('../../pipeline/start-run.ts'),
      ]);
      await driveRun(flags, { ...config, maxRejects }, async (context, execution) =>
        executeRun(context, await createRun(context, config, { mergesLater: true }), execution),
      );
    },
  );
};

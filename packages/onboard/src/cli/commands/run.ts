import type { Command } from 'commander';
import { configFromFlags } from '../../pipeline/config-from-flags.ts';
import { runFailure, withInterrupt } from '../../pipeline/interrupt.ts';
import { openRunContext } from '../../pipeline/open-run-context.ts';
import { addConnectionFlags, type ConnectionFlags } from '../../pipeline/run-flags.ts';
import { startRun } from '../../pipeline/start-run.ts';
import { isUserFacing } from '../../pipeline/user-facing.ts';
import { chooseProgress } from '../../progress/choose-progress.ts';
import { UserError } from '../user-error.ts';

/** `onboard run`: plan and execute an import, with progress and a reconciled summary. */
export const registerRun = (program: Command): void => {
  addConnectionFlags(
    program
      .command('run')
      .description('Import a source into a tenant: plan, transform, load in parallel, and reconcile')
      .option('--dry-run', "run everything against core's dry-run mode: report, write nothing"),
    true,
  ).action(async (flags: ConnectionFlags & { dryRun?: boolean }) => {
    let failure: ReturnType<typeof runFailure>;
    try {
      const config = configFromFlags(flags, flags.dryRun === true);
      const progress = chooseProgress(flags.json === true);
      const context = await openRunContext({
        ...config,
        connections: config.concurrency * 2,
        onRetry: (r) => progress.note(`core busy (${r.reason}), retrying in ${r.delayMs} ms`, { retry: r }),
        onWarning: (m) => progress.note(`warning: ${m}`),
      });
      try {
        failure = runFailure(await withInterrupt((signal) => startRun(context, config, progress, signal)));
      } finally {
        await context.close();
      }
    } catch (error) {
      if (isUserFacing(error)) throw new UserError(error.message);
      throw error;
    }
    if (failure) throw new UserError(failure.message, failure.exitCode);
  });
};

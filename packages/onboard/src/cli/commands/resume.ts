import type { Command } from 'commander';
import { runFailure, withInterrupt } from '../../pipeline/interrupt.ts';
import { openRunContext } from '../../pipeline/open-run-context.ts';
import { PipelineError } from '../../pipeline/pipeline-errors.ts';
import { resumeRun } from '../../pipeline/resume-run.ts';
import { isUserFacing } from '../../pipeline/user-facing.ts';
import { chooseProgress } from '../../progress/choose-progress.ts';
import { DEFAULT_STORE, openRunStore } from '../../store/open-run-store.ts';
import { addExecutorFlags, type ExecutorFlags, executorFromFlags } from '../executor-flags.ts';
import { positiveInt } from '../run-flags.ts';
import { UserError } from '../user-error.ts';

interface ResumeFlags {
  store: string;
  source?: string;
  core?: string;
  token?: string;
  concurrency?: string;
  json?: boolean;
}

/** `onboard resume RUN`: continue a stopped or crashed run from its checkpoints. */
export const registerResume = (program: Command): void => {
  const command = program
    .command('resume')
    .description('Continue a run that was stopped, failed or killed, from its checkpoints')
    .argument('<run>', 'the run id (see `onboard runs`)')
    .option(
      '--store <url>',
      'run store: a SQLite file or a postgres:// URL',
      process.env['ONBOARD_STORE'] ?? DEFAULT_STORE,
    )
    .option('--source <url>', 'the source URL, when the stored one (without its password) is not enough')
    .option('--core <url>', "core's base URL, when it moved")
    .option('--token <token>', "the tenant's API token (better: ONBOARD_TOKEN)")
    .option('--concurrency <n>', 'partitions loaded at once (default: as the run started)')
    .option('--json', 'JSON lines on stdout instead of progress bars');
  addExecutorFlags(command).action(async (runId: string, flags: ResumeFlags & ExecutorFlags) => {
    let failure: ReturnType<typeof runFailure>;
    try {
      const token = flags.token ?? process.env['ONBOARD_TOKEN'];
      if (token === undefined || token === '')
        throw new PipelineError('no API token: pass --token or set ONBOARD_TOKEN');
      const store = await openRunStore(flags.store);
      const run = await store.getRun(runId).finally(() => store.close());
      if (run === undefined) throw new PipelineError(`no run ${runId} in the run store`);
      const options = run.options as {
        concurrency?: number;
        timezone?: string;
        coordinates?: { source: string; core: string };
      };
      const concurrency = positiveInt('concurrency', flags.concurrency) ?? options.concurrency ?? 4;
      const progress = chooseProgress(flags.json === true);
      const context = await openRunContext({
        mappingPath: run.mappingPath,
        sourceUrl: flags.source ?? options.coordinates?.source ?? run.sourceUrl,
        coreUrl: flags.core ?? options.coordinates?.core ?? run.coreUrl,
        token,
        storeUrl: flags.store,
        timezone: options.timezone ?? 'UTC',
        connections: concurrency * 2,
        onRetry: (r) => progress.note(`core busy (${r.reason}), retrying in ${r.delayMs} ms`, { retry: r }),
        onWarning: (m) => progress.note(`warning: ${m}`),
      });
      try {
        const executor = executorFromFlags(flags, {
          store: context.store,
          storeUrl: flags.store,
          coreUrl: flags.core ?? options.coordinates?.core ?? run.coreUrl,
          token,
          sourceUrl: flags.source ?? options.coordinates?.source ?? run.sourceUrl,
          concurrency,
          onNote: (m) => progress.note(m),
          onBatch: (b) => progress.batch(b),
          snapshots: context.connector.snapshots,
        });
        failure = runFailure(
          await withInterrupt((signal) => resumeRun(context, runId, concurrency, progress, signal, executor)),
        );
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

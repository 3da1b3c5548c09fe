import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { PipelineError } from '../../pipeline/pipeline-errors.ts';
import { parseRejectLimit } from '../../pipeline/reject-limit.ts';
import { DEFAULT_STORE } from '../../store/default-store.ts';
import { checkedCoreUrl } from '../core-url.ts';
import { addExecutorFlags, type ExecutorFlags } from '../executor-flags.ts';
import { addRetryFlag, retryPolicyOf } from '../retry-flag.ts';
import { positiveInt } from '../run-flags.ts';
import { secretFlag } from '../secret-flag.ts';

interface ResumeFlags {
  store: string;
  source?: string;
  core?: string;
  token?: string;
  concurrency?: string;
  json?: boolean;
  maxRejects?: string;
  retryFor?: string;
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
      readEnv('store') ?? DEFAULT_STORE,
    )
    .option('--source <url>', 'the source URL, when the stored one (without its password) is not enough')
    .option('--core <url>', "core's base URL, when it moved")
    .option('--token <token>', "the tenant's API token (better: ONBOARD_TOKEN)")
    .option('--concurrency <n>', 'partitions loaded at once (default: as the run started)')
    .option('--json', 'JSON lines on stdout instead of progress bars')
    .option(
      '--max-rejects <n|p%>',
      'exit 5 when more rows than this are rejected: a count, or a percentage of the rows read (default: no limit)',
    );
  addExecutorFlags(addRetryFlag(command)).action(
    async (runId: string, flags: ResumeFlags & ExecutorFlags) => {
      const maxRejects = parseRejectLimit(flags.maxRejects);
      const token = secretFlag(flags.token) ?? readEnv('token');
      if (token === undefined || token === '')
        throw new PipelineError('no API token: pass --token or set ONBOARD_TOKEN');
      const [{ openRunStore }, { driveRun }, { resumeRun }] = await Promise.all([
        import('../../store/open-run-store.ts'),
        import('../drive-run.ts'),
        import('../../pipeline/resume-run.ts'),
      ]);
      const store = await openRunStore(flags.store, 'existing');
      const run = await store.getRun(runId).finally(() => store.close());
      if (run === undefined) throw new PipelineError(`no run ${runId} in the run store`);
      const options = run.options as {
        concurrency?: number;
        timezone?: string;
        coordinates?: { source: string; core: string };
      };
      const input = {
        mappingPath: run.mappingPath,
        sourceUrl: flags.source ?? options.coordinates?.source ?? run.sourceUrl,
        coreUrl:
          flags.core === undefined ? (options.coordinates?.core ?? run.coreUrl) : checkedCoreUrl(flags.core),
        token,
        storeUrl: flags.store,
        timezone: options.timezone ?? 'UTC',
        concurrency: positiveInt('concurrency', flags.concurrency) ?? options.concurrency ?? 4,
        retry: retryPolicyOf(flags.retryFor),
        maxRejects,
      };
      await driveRun(flags, input, (context, { concurrency, progress, signal, executor }) =>
        resumeRun(context, runId, concurrency, progress, signal, executor),
      );
    },
  );
};

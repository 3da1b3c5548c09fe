import { readEnv } from '../config/environment.ts';
import { PipelineError } from '../pipeline/pipeline-errors.ts';
import type { RunConfig } from '../pipeline/run-config.ts';
import { checkedCoreUrl } from './core-url.ts';
import { retryPolicyOf } from './retry-flag.ts';
import { type ConnectionFlags, positiveInt } from './run-flags.ts';
import { secretFlag } from './secret-flag.ts';

/** The run configuration from command-line flags and the environment (`ONBOARD_TOKEN`, `ONBOARD_CORE_URL`). */
export function configFromFlags(
  flags: ConnectionFlags,
  dryRun: boolean,
  incremental = false,
  mirror = false,
): RunConfig {
  if (mirror && dryRun) throw new PipelineError('--mirror cannot be combined with --dry-run', 'usage');
  if (mirror && incremental)
    throw new PipelineError(
      '--mirror cannot be combined with --incremental (an incremental run does not see every record)',
      'usage',
    );
  const token = secretFlag(flags.token) ?? readEnv('token');
  if (token === undefined || token === '')
    throw new PipelineError('no API token: pass --token or set ONBOARD_TOKEN');
  if (flags.core === undefined || flags.core === '')
    throw new PipelineError('no core URL: pass --core or set ONBOARD_CORE_URL');
  const batchRecords = positiveInt('batch-records', flags.batchRecords);
  return {
    mappingPath: flags.mapping,
    sourceUrl: flags.source,
    coreUrl: checkedCoreUrl(flags.core, '--core (or ONBOARD_CORE_URL)'),
    token,
    storeUrl: flags.store,
    dryRun,
    incremental,
    ...(mirror ? { mirror } : {}),
    concurrency: positiveInt('concurrency', flags.concurrency) ?? 4,
    partitionRows: positiveInt('partition-rows', flags.partitionRows) ?? 50_000,
    timezone: flags.timezone,
    retry: retryPolicyOf(flags.retryFor),
    ...(batchRecords === undefined ? {} : { batchRecords }),
  };
}

import type { Command } from 'commander';
import { readEnv } from '../config/environment.ts';
import { UsageError } from '../errors/onboard-error.ts';
import { DEFAULT_STORE } from '../store/default-store.ts';
import { addRetryFlag } from './retry-flag.ts';

/** Flags shared by the commands that reach core and a source. */
export interface ConnectionFlags {
  mapping: string;
  source: string;
  core: string;
  token?: string;
  store: string;
  timezone: string;
  concurrency: string;
  partitionRows: string;
  batchRecords?: string;
  retryFor?: string;
  json?: boolean;
}

/** Adds `--mapping --source --core --token --store --timezone --concurrency --partition-rows --batch-records --retry-for --json`. */
export function addConnectionFlags(command: Command, required: boolean): Command {
  const mandatory = (flag: string, text: string) =>
    required ? command.requiredOption(flag, text) : command.option(flag, text);
  mandatory('--mapping <file>', 'the mapping file (YAML)');
  mandatory(
    '--source <url>',
    'postgres://…, mysql://…, sqlite:/path or file:/path (password also from ONBOARD_SOURCE_PASSWORD)',
  );
  return addRetryFlag(command)
    .option('--core <url>', "core's base URL (or ONBOARD_CORE_URL)", readEnv('coreUrl'))
    .option('--token <token>', "the tenant's API token (better: ONBOARD_TOKEN)")
    .option(
      '--store <url>',
      'run store: a SQLite file or a postgres:// URL',
      readEnv('store') ?? DEFAULT_STORE,
    )
    .option('--timezone <iana>', 'timezone of naive timestamps in the source', 'UTC')
    .option('--concurrency <n>', 'partitions loaded at once', '4')
    .option('--partition-rows <n>', 'rows per partition', '50000')
    .option('--batch-records <n>', "records per request (at most core's limit)")
    .option('--json', 'JSON lines on stdout instead of progress bars');
}

/** A positive integer flag, or a clear error naming it. */
export function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

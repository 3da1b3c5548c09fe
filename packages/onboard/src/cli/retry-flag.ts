import type { Command } from 'commander';
import { readEnv } from '../config/environment.ts';
import { DEFAULT_RETRY_BUDGET_MS, type RetryPolicy, retryFor } from '../loader/retry-policy.ts';
import { parseDuration } from './parse-duration.ts';

/** Adds `--retry-for DURATION` (or `ONBOARD_RETRY_FOR`): how long core may be away before a request fails. */
export function addRetryFlag(command: Command): Command {
  return command.option(
    '--retry-for <duration>',
    `how long to keep retrying while core is down or busy, e.g. 90s, 10m (or ONBOARD_RETRY_FOR; default ${DEFAULT_RETRY_BUDGET_MS / 60_000}m)`,
    readEnv('retryFor'),
  );
}

/** The retry policy `--retry-for` (or its variable) asks for; the default one when unset. */
export function retryPolicyOf(value: string | undefined): RetryPolicy {
  return retryFor(
    value === undefined || value === '' ? DEFAULT_RETRY_BUDGET_MS : parseDuration(value, '--retry-for'),
  );
}

import type { Command } from 'commander';
import { ConfigError } from '../../errors/onboard-error.ts';
import type { CheckFlags } from '../check-mapping-file.ts';

/**
 * `onboard check --mapping FILE --source URL --core URL`: checks a mapping against the source's
 * discovery and core's live schema before anything is written; prints every problem as
 * `file:line:col: message [code]` and exits 3 (config) when there is any.
 */
export const registerCheck = (program: Command): void => {
  program
    .command('check')
    .description(
      'Check a mapping against the source’s streams and core’s schema; report every problem with its place',
    )
    .requiredOption('--mapping <file>', 'the mapping file (YAML)')
    .option(
      '--source <url>',
      'postgres://…, mysql://…, sqlite:/path or file:/path; without it, source checks are skipped',
    )
    .option('--core <url>', 'core’s base URL; its GET /v1/schema is the model checked against')
    .option('--schema <file>', 'a saved copy of GET /v1/schema (JSON), instead of --core')
    .option('--token <token>', 'API token for core (default: $ONBOARD_TOKEN)')
    .option('--timezone <iana>', 'timezone of naive timestamps in the source', 'UTC')
    .option('--unused-columns', 'also list the source columns and streams no entity reads (needs --source)')
    .action(async (flags: CheckFlags) => {
      const { checkMappingFile } = await import('../check-mapping-file.ts');
      const problems = await checkMappingFile(flags);
      if (problems.length > 0) {
        process.stderr.write(`${problems.join('\n')}\n${problems.length} problem(s) in ${flags.mapping}\n`);
        throw new ConfigError(`the mapping ${flags.mapping} has ${problems.length} problem(s)`);
      }
    });
};

import { readFileSync } from 'node:fs';
import { missingCodeMessage } from '@madeup/contract';
import { Command, CommanderError } from 'commander';
import { migrateCommand } from './commands/migrate-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { tenantCommand } from './commands/tenant-command.ts';
import { tokenCommand } from './commands/token-command.ts';
import { UsageError } from './usage-error.ts';

/** Runs the `madeup-core` command line; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('madeup-core')
    .description('MadeUp core: the data model, tenant databases and the REST import API')
    .version(packageVersion(), '-V, --version', 'print the version of madeup-core')
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(tenantCommand());
  program.addCommand(tokenCommand());
  program.addCommand(migrateCommand());
  // `addCommand` does not pass `exitOverride` down: without this, commander itself would end the
  // process with 1 for a usage error of a subcommand (`tenant create` without its id).
  overrideExits(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // Commander already printed what is wrong with the command line: a usage error, exit 2.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const message = missingCodeMessage(error) ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`madeup-core: ${message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** `exitOverride` on `command` and every command under it, so that every usage error exits 2. */
function overrideExits(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) overrideExits(sub);
}

/** The version in packages/core/package.json (what `--version` prints). */
function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

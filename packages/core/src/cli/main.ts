import { Command, CommanderError } from 'commander';
import { migrateCommand } from './commands/migrate-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { tenantCommand } from './commands/tenant-command.ts';
import { tokenCommand } from './commands/token-command.ts';

/** Runs the `madeup-core` command line; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('madeup-core')
    .description('MadeUp core: the data model, tenant databases and the REST import API')
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(tenantCommand());
  program.addCommand(tokenCommand());
  program.addCommand(migrateCommand());
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`madeup-core: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

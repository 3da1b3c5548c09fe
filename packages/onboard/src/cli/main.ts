import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { UserError } from './user-error.ts';

/** Builds the `onboard` program; each command lives in its own file under `commands/`. */
export function buildProgram(): Command {
  const program = new Command('onboard')
    .description('Move a customer’s data from their old vendor’s database into their MadeUp tenant')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code. Expected failures print one clear line, no stack. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UserError) {
      process.stderr.write(`onboard: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

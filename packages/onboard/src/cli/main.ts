import { readFileSync } from 'node:fs';
import { missingCodeMessage } from '@madeup/contract';
import { Command, CommanderError } from 'commander';
import { readEnvFlag } from '../config/environment.ts';
import { EXIT_CODES, exitCodeOf } from '../errors/exit-codes.ts';
import { kindOf } from '../errors/kind-of.ts';
import { CommandExit } from './command-exit.ts';
import { COMMANDS } from './commands/index.ts';
import { describeError } from './describe-error.ts';
import { unknownOptionsFirst } from './unknown-options-first.ts';

/** Builds the `onboard` program; each command lives in its own file under `commands/`. */
export function buildProgram(): Command {
  const program = new Command('onboard')
    .description('Move a customer’s data from their old vendor’s database into their MadeUp tenant')
    .version(packageVersion(), '-V, --version', 'print the version of onboard')
    .option('--debug', 'print the stack of an internal error (also ONBOARD_DEBUG=1)')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  unknownOptionsFirst(program);
  return program;
}

/**
 * Runs the CLI; resolves to the process exit code (docs/running.md, `EXIT_CODES`). Every error is
 * printed by its kind: one clear line for what the user can fix, "internal error" with a hint (or
 * the stack under `--debug`) for a defect; nothing printed is left unredacted.
 */
export async function main(argv: readonly string[], program: Command = buildProgram()): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return EXIT_CODES.ok;
  } catch (error) {
    // Commander already printed its message (and the help) for a bad command line.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    if (error instanceof CommandExit) {
      process.stderr.write(`onboard: ${error.message}\n`);
      return error.exitCode;
    }
    const debug = argv.includes('--debug') || debugFromEnv();
    const missing = debug ? undefined : missingCodeMessage(error);
    if (missing !== undefined) {
      process.stderr.write(`onboard: ${missing}\n`);
      return EXIT_CODES.internal;
    }
    process.stderr.write(`${describeError(error, debug)}\n`);
    return exitCodeOf(kindOf(error));
  }
}

/** ONBOARD_DEBUG, never itself the cause of a failure while printing one. */
function debugFromEnv(): boolean {
  try {
    return readEnvFlag('debug') === true;
  } catch {
    return false;
  }
}

/** The version in packages/onboard/package.json (what `--version` prints). */
function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

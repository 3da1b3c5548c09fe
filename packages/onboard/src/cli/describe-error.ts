import { redact } from '../config/redact-url.ts';
import { kindOf } from '../errors/kind-of.ts';

/**
 * What the CLI prints for an error that ended a command, redacted. An error of a known kind is its
 * message on one line. An `internal` one (a defect: a TypeError, a stack overflow) says so, with
 * its name, and either its stack (`debug`) or how to get it.
 */
export function describeError(error: unknown, debug: boolean): string {
  const kind = kindOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (kind !== 'internal') return redact(`onboard: ${message}`);
  const name = error instanceof Error ? error.name : typeof error;
  const head = `onboard: internal error (a defect of onboard, not of your data or setup): ${name}: ${message}`;
  const tail =
    debug && error instanceof Error
      ? stacks(error)
      : 'run again with --debug (or ONBOARD_DEBUG=1) to print its stack, and report it with that stack';
  return redact(`${head}\n${tail}`);
}

/** The stack of an error and of each cause under it. */
function stacks(error: Error): string {
  const lines = [error.stack ?? `${error.name}: ${error.message}`];
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++)
    lines.push(`caused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`);
  return lines.join('\n');
}

import { EXIT_CODES } from '../errors/exit-codes.ts';
import type { RunSummary } from './run-summary.ts';

/** What the first SIGINT or SIGTERM says about the batches in flight. */
const STOPPING =
  'stopping; batches in flight are not waited for: `onboard resume` sends again what the run did not record, and core applies each batch once';

/**
 * Runs `work` with a signal aborted by the first SIGINT or SIGTERM (a second one exits at once),
 * so a stopped run records its state and stays resumable. The abort cancels the requests in
 * flight rather than waiting for their answers, so the message says what happens to them: a batch
 * core applied but the run did not record is sent again by `onboard resume` under the same
 * idempotency key, and counted once.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (name: string) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\nonboard: ${name}: ${STOPPING} (again to quit now)\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

/** The message and exit code for a run that did not succeed, or undefined when it did. */
export function runFailure(summary: RunSummary): { message: string; exitCode: number } | undefined {
  if (summary.status === 'succeeded') return undefined;
  const resume = `continue it with \`onboard resume ${summary.runId}\``;
  if (summary.status === 'cancelled')
    return { message: `run ${summary.runId} stopped; ${resume}`, exitCode: EXIT_CODES.interrupted };
  return {
    message: `run ${summary.runId} failed; fix the cause and ${resume}`,
    exitCode: EXIT_CODES.runFailed,
  };
}

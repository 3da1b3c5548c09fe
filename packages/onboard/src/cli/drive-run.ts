import type { Executor } from '../executor/executor.ts';
import { throttledRetries, waitingLine } from '../loader/with-retry.ts';
import { withInterrupt } from '../pipeline/interrupt.ts';
import { type ContextInput, openRunContext, type RunContext } from '../pipeline/open-run-context.ts';
import type { ProgressReporter } from '../pipeline/progress-reporter.ts';
import type { RejectLimit } from '../pipeline/reject-limit.ts';
import { runOutcome } from '../pipeline/run-outcome.ts';
import type { RunSummary } from '../pipeline/run-summary.ts';
import { chooseProgress } from '../progress/choose-progress.ts';
import { CommandExit } from './command-exit.ts';
import type { ExecutorFlags } from './executor-flags.ts';
import { executorFromFlags } from './executor-from-flags.ts';

/** What the body of `run` or `resume` is given to execute a run. */
export interface Execution {
  readonly concurrency: number;
  readonly progress: ProgressReporter;
  readonly signal: AbortSignal;
  readonly executor: Executor;
}

/**
 * The wiring `run` and `resume` share: the progress display (`--json`), the run's context (core,
 * mapping, source, store) with retries and warnings shown as notes, the executor the flags ask for,
 * SIGINT/SIGTERM as an abort, and the context closed at the end. `body` starts or continues the
 * run; a run that must not exit 0 (`runOutcome`) ends the command with a `CommandExit`.
 */
export async function driveRun(
  flags: ExecutorFlags & { readonly json?: boolean },
  input: Omit<ContextInput, 'connections' | 'onRetry' | 'onWarning'> & {
    readonly concurrency: number;
    readonly maxRejects: RejectLimit | undefined;
  },
  body: (context: RunContext, execution: Execution) => Promise<RunSummary>,
): Promise<void> {
  const progress = chooseProgress(flags.json === true);
  const context = await openRunContext({
    ...input,
    probe: true,
    connections: input.concurrency * 2,
    onRetry: throttledRetries((r) => progress.note(waitingLine(r), { retry: r })),
    onWarning: (m) => progress.note(`warning: ${m}`),
  });
  let failure: ReturnType<typeof runOutcome>;
  try {
    const executor = await executorFromFlags(flags, { ...input, run: context, progress });
    const summary = await withInterrupt((signal) =>
      body(context, { concurrency: input.concurrency, progress, signal, executor }),
    );
    failure = runOutcome(summary, input.maxRejects);
  } finally {
    await context.close();
  }
  if (failure) throw new CommandExit(failure.message, failure.exitCode);
}

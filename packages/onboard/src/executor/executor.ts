import type { PartitionTask } from '../planner/partition-task.ts';

/** How an execution ended. */
export interface ExecutionResult {
  /** Tasks that finished in this execution. */
  readonly done: number;
  /** Tasks that failed, with the reason; later phases were not started. */
  readonly failed: readonly { readonly taskId: string; readonly error: string }[];
  /** True when the signal stopped it; unfinished tasks stay resumable. */
  readonly aborted: boolean;
}

/**
 * Runs a run's partition tasks, phase by phase: every task of phase n is done before a task of
 * phase n+1 starts. Implementations differ only in where tasks run (this process, or workers
 * behind a queue); each task is run by `runPartitionTask`.
 */
export interface Executor {
  /**
   * Runs `tasks` (the unfinished ones of a run) to the end, the first failed phase, or the abort
   * of `signal`. Never rejects for a task's failure: failures are in the result.
   */
  execute(tasks: readonly PartitionTask[], signal: AbortSignal): Promise<ExecutionResult>;
}

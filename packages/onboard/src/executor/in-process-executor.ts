import type { PartitionTask } from '../planner/partition-task.ts';
import type { ExecutionResult, Executor } from './executor.ts';
import { runPartitionTask } from './run-partition-task.ts';
import type { TaskResources } from './task-resources.ts';

/** Runs tasks in this process on a pool of `concurrency` tasks at once (the default executor). */
export class InProcessExecutor implements Executor {
  readonly #resources: TaskResources;
  readonly #concurrency: number;

  constructor(resources: TaskResources, concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be >= 1, got ${concurrency}`);
    this.#resources = resources;
    this.#concurrency = concurrency;
  }

  async execute(tasks: readonly PartitionTask[], signal: AbortSignal): Promise<ExecutionResult> {
    const phases = [...new Set(tasks.map((t) => t.phase))].sort((a, b) => a - b);
    let done = 0;
    const failed: { taskId: string; error: string }[] = [];
    for (const phase of phases) {
      if (signal.aborted) break;
      // Largest partitions first, so the pool does not end on one long straggler.
      const queue = tasks
        .filter((t) => t.phase === phase)
        .sort((a, b) => (b.estimatedRows ?? 0) - (a.estimatedRows ?? 0));
      const worker = async (): Promise<void> => {
        for (let task = queue.shift(); task !== undefined && !signal.aborted; task = queue.shift()) {
          try {
            await runPartitionTask(task, this.#resources, signal);
            done += 1;
          } catch (error) {
            if (signal.aborted) return;
            failed.push({
              taskId: task.taskId,
              error: error instanceof Error ? error.message : String(error),
            });
            queue.length = 0;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.#concurrency, queue.length) }, worker));
      if (failed.length > 0) break;
    }
    return { done, failed, aborted: signal.aborted };
  }
}

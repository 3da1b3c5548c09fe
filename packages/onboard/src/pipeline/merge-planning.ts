import type { MergePlanning } from '../executor/merge-plan-wait.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import { planMerges } from './find-duplicates.ts';
import type { RunContext } from './open-run-context.ts';

/**
 * Makes the merge plan of run `runId` from its tasks (every one, done or not: the plan reads whole
 * streams) and stores it, clearing the run's `mergesPending`. A process stopped before the plan is
 * stored leaves the run pending, and the next execution makes the plan again.
 */
export function planAndStoreMerges(
  context: Pick<RunContext, 'connector' | 'mapping' | 'store'>,
  runId: string,
  tasks: readonly PartitionTask[],
  signal: AbortSignal,
): MergePlanning {
  return planMerges(context, tasks, signal)
    .then((merges) => context.store.merges.add(runId, merges))
    .then(
      () => undefined,
      (error: unknown) => error ?? new Error('the merge plan failed'),
    );
}

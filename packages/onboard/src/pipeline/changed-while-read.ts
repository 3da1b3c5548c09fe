import { compareCursor } from '../connectors/compare-cursor.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { RunStore } from '../store/run-store.ts';

/**
 * The entities whose source changed while the run read it, as far as their cursor shows: the run
 * read a cursor value past the largest one the stream held when the run was planned
 * (`PartitionTask.cursorCeiling`), so rows were written meanwhile. Such a run may have read some
 * of those writes and missed others (docs/running.md, "A source in use during a run"); the next
 * incremental run reads them all, and only a mirror run marks deleted rows' records deleted.
 */
export async function changedWhileRead(
  store: Pick<RunStore, 'cursorValues'>,
  runId: string,
  tasks: readonly PartitionTask[],
): Promise<string[]> {
  const values = await store.cursorValues(runId);
  const changed = new Set<string>();
  for (const task of tasks) {
    const ceiling = task.cursorCeiling;
    if (ceiling === undefined || changed.has(task.entity)) continue;
    const read = values.get(task.stream.name) ?? [];
    if (read.some((value) => value !== null && (ceiling === null || compareCursor(value, ceiling) > 0)))
      changed.add(task.entity);
  }
  return [...changed];
}

/** The warning of a run whose source changed while it read it. */
export function changedWhileReadNote(entities: readonly string[]): string {
  return (
    `the source changed while this run read it (${entities.join(', ')}: rows written after the run was planned were read): ` +
    'rows written meanwhile may have been missed; the next incremental run reads every row changed since the run was planned, ' +
    'and records of rows deleted meanwhile stay in core until a --mirror run'
  );
}

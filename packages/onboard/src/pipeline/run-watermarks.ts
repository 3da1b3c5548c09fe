import { maxCursor } from '../executor/compare-cursor.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { Watermark } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';

/**
 * The watermarks a successful run leaves: each cursor stream's moved to the largest cursor value
 * the run read (never backwards), so the next incremental run reads only rows past it. Written
 * with the run's `succeeded` status, in one transaction (`RunStore.setRunStatus`), so that a run
 * killed or failed before that moves none.
 */
export async function runWatermarks(
  store: RunStore,
  runId: string,
  target: string,
  sourceName: string,
  tasks: readonly PartitionTask[],
): Promise<Watermark[]> {
  const columns = new Map<string, string>();
  for (const task of tasks)
    if (task.cursorColumn !== undefined) columns.set(task.stream.name, task.cursorColumn);
  const marks: Watermark[] = [];
  const values = await store.cursorValues(runId);
  for (const [stream, column] of columns) {
    let best = (values.get(stream) ?? []).reduce<ReturnType<typeof maxCursor>>(
      (a, b) => maxCursor(a, b),
      null,
    );
    const stored = await store.getWatermark(target, sourceName, stream);
    if (stored?.cursorColumn === column) best = maxCursor(best, stored.value);
    if (best === null) continue;
    marks.push({ target, sourceName, stream, cursorColumn: column, value: best, runId });
  }
  return marks;
}

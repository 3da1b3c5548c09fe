import { maxCursor, minCursor } from '../connectors/compare-cursor.ts';
import type { SourceValue } from '../connectors/value.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { Watermark } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';

/**
 * The watermarks a successful run leaves: each cursor stream's moved to the largest cursor value
 * the run read, but no further than the largest the source held when the run was planned (a live
 * source changes rows of partitions read already), and never backwards, so the next incremental
 * run reads only rows past it. Written
 * with the run's `succeeded` status, in one transaction (`RunStore.setRunStatus`), so that a run
 * killed or failed before that moves none.
 */
export async function runWatermarks(
  store: Pick<RunStore, 'cursorValues' | 'getWatermark'>,
  runId: string,
  target: string,
  sourceName: string,
  tasks: readonly PartitionTask[],
): Promise<Watermark[]> {
  const columns = new Map<string, string>();
  const ceilings = new Map<string, SourceValue>();
  for (const task of tasks) {
    if (task.cursorColumn !== undefined) columns.set(task.stream.name, task.cursorColumn);
    if (task.cursorCeiling !== undefined) ceilings.set(task.stream.name, task.cursorCeiling);
  }
  const marks: Watermark[] = [];
  const values = await store.cursorValues(runId);
  for (const [stream, column] of columns) {
    let best = (values.get(stream) ?? []).reduce<ReturnType<typeof maxCursor>>(
      (a, b) => maxCursor(a, b),
      null,
    );
    // No further than the source's largest value before the run read anything (see `cursorCeiling`).
    if (ceilings.has(stream)) best = minCursor(best, ceilings.get(stream) ?? null);
    const stored = await store.getWatermark(target, sourceName, stream);
    if (stored?.cursorColumn === column) best = maxCursor(best, stored.value);
    if (best === null) continue;
    marks.push({ target, sourceName, stream, cursorColumn: column, value: best, runId });
  }
  return marks;
}

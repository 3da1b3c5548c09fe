import { maxCursor } from '../executor/compare-cursor.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { RunStore } from '../store/run-store.ts';

/**
 * After a successful run, moves each cursor stream's watermark to the largest cursor value the run
 * read (never backwards), so the next incremental run reads only rows past it.
 */
export async function advanceWatermarks(
  store: RunStore,
  runId: string,
  target: string,
  sourceName: string,
  tasks: readonly PartitionTask[],
): Promise<void> {
  const columns = new Map<string, string>();
  for (const task of tasks)
    if (task.cursorColumn !== undefined) columns.set(task.stream.name, task.cursorColumn);
  if (columns.size === 0) return;
  const values = await store.cursorValues(runId);
  for (const [stream, column] of columns) {
    let best = (values.get(stream) ?? []).reduce<ReturnType<typeof maxCursor>>(
      (a, b) => maxCursor(a, b),
      null,
    );
    const stored = await store.getWatermark(target, sourceName, stream);
    if (stored?.cursorColumn === column) best = maxCursor(best, stored.value);
    if (best === null) continue;
    await store.setWatermark({ target, sourceName, stream, cursorColumn: column, value: best, runId });
  }
}

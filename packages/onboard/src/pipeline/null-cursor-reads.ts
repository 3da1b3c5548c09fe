import type { PartitionTask } from '../planner/partition-task.ts';
import type { RunStore } from '../store/run-store.ts';

/** The rows of one entity a run read whose cursor is null. */
export interface NullCursorRead {
  readonly entity: string;
  /** The entity's cursor column (a cursor over several columns: the name its largest value is kept as). */
  readonly cursor: string;
  readonly rows: number;
}

/**
 * The entities whose rows the run read with a null cursor, and how many: no watermark orders such
 * a row, so every incremental run reads it again (core finds it unchanged when it is). In the run's
 * order of entities.
 */
export async function nullCursorReads(
  store: Pick<RunStore, 'nullCursorRows'>,
  runId: string,
  tasks: readonly PartitionTask[],
): Promise<NullCursorRead[]> {
  const counts = await store.nullCursorRows(runId);
  const reads = new Map<string, NullCursorRead>();
  for (const task of tasks) {
    if (task.cursorColumn === undefined) continue;
    for (const entity of task.entities ?? [task.entity]) {
      const rows = counts.get(entity);
      if (rows !== undefined && !reads.has(entity))
        reads.set(entity, { entity, cursor: task.cursorColumn, rows });
    }
  }
  return [...reads.values()];
}

/** The note of a run that read rows whose cursor is null. */
export function nullCursorNote(reads: readonly NullCursorRead[]): string {
  const each = reads
    .map((r) => `${r.entity}: ${r.rows.toLocaleString('en')} with ${r.cursor} null`)
    .join('; ');
  return (
    `rows without a cursor value were read (${each}): every incremental run reads them again, and core finds ` +
    'the unchanged ones unchanged; a cursor over several columns such as `[updated_at, created_at]` avoids ' +
    're-reading them'
  );
}

import type { ImportRecord } from '@madeup/contract';
import { compareCursor } from '../connectors/compare-cursor.ts';
import type { Row } from '../connectors/value.ts';
import { cursorFilter, loadRowJoins } from '../executor/row-joins.ts';
import { DuplicateGrouping, survivingRecord } from '../mapping/merge-groups.ts';
import type { MappedEntity } from '../planner/mapping-view.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { MergeMember } from '../store/merge-store.ts';
import type { RunContext } from './open-run-context.ts';

const READ_BATCH = 5000;

/**
 * The merge plan of a new run: for every entity with a `merge:` rule, reads its whole stream
 * (whatever the run's partitions or watermark: a duplicate may sit in another partition, or be
 * unchanged), groups the rows sharing a match key, and decides each group's surviving record and
 * which member's row sends it in this run. Two reads of the stream. The first keeps only each
 * row's id (from the id template alone when the entity can tell it, `externalIdOf`, without
 * transforming the row), keys and order, and finds the candidates: rows sharing a key with another.
 * The second transforms only the candidates, and the groups are made again from those that give a
 * record (a row the transform rejects or skips is in no group), so they are exactly the groups of
 * the rows that transform. The plan is stored with the run, so every task in any process applies
 * the same one, and a resume reuses it.
 */
export async function planMerges(
  context: Pick<RunContext, 'connector' | 'mapping'>,
  tasks: readonly PartitionTask[],
  signal?: AbortSignal,
): Promise<MergeMember[]> {
  const plan: MergeMember[] = [];
  for (const entity of context.mapping.entities) {
    const merge = entity.merge;
    // A stream that feeds several entities is read by tasks led by the first of them.
    const task = tasks.find(
      (t) => (t.entities ?? [t.entity]).includes(entity.entity) && t.stream.name === entity.stream,
    );
    if (merge === undefined || task === undefined) continue;
    const changed = changedSince(entity, task);
    const candidates = new DuplicateGrouping();
    await readStream(context, entity, task, signal, (row) => {
      const keys = merge.keys(row);
      if (keys.length === 0) return;
      let id = entity.externalIdOf?.(row) ?? null;
      if (id === null) {
        // The id is not known without the transform (a row hook): as the second read does.
        const out = entity.transform(row);
        if (!('record' in out)) return;
        id = out.record.externalId;
      }
      candidates.add({ id, keys, order: merge.order(row), changed: changed(row) });
    });
    const wanted = new Set(candidates.groups().flatMap((g) => g.members));
    if (wanted.size === 0) continue;
    const grouping = new DuplicateGrouping();
    const records = new Map<string, ImportRecord>();
    await readStream(context, entity, task, signal, (row) => {
      // Only the candidates are transformed: a row whose id is known and not one of them is not.
      const id = entity.externalIdOf?.(row) ?? null;
      if (id !== null && !wanted.has(id)) return;
      const keys = merge.keys(row);
      if (keys.length === 0) return;
      const out = entity.transform(row);
      if (!('record' in out) || !wanted.has(out.record.externalId)) return;
      records.set(out.record.externalId, out.record);
      grouping.add({ id: out.record.externalId, keys, order: merge.order(row), changed: changed(row) });
    });
    for (const group of grouping.groups()) {
      const emitted =
        group.emitter === null
          ? null
          : survivingRecord(
              group.survivor,
              group.members.flatMap((id) => records.get(id) ?? []),
              merge.survivorship,
            );
      for (const id of group.members)
        plan.push({
          entity: entity.entity,
          externalId: id,
          survivorId: group.survivor,
          emit: id === group.emitter,
          record: id === group.emitter ? emitted : null,
          rule: merge.rule,
        });
    }
  }
  return plan;
}

/**
 * Whether a row is past the run's watermark, or has no cursor value (as the task's read decides it:
 * it reads those too); all are in a full run.
 */
function changedSince(entity: MappedEntity, task: PartitionTask): (row: Row) => boolean {
  const cursor = task.cursor;
  if (cursor === undefined) return () => true;
  if (entity.cursorColumns !== undefined && entity.cursor !== undefined) {
    const past = cursorFilter(entity.cursor, entity.cursorColumns, cursor.value);
    return (row) => past(row) !== undefined;
  }
  return (row) => {
    const value = row[cursor.column] ?? null;
    return value === null || compareCursor(value, cursor.value) > 0;
  };
}

/** Every row of the entity's stream, with its joins, as the tasks see them. */
async function readStream(
  context: Pick<RunContext, 'connector'>,
  entity: MappedEntity,
  task: PartitionTask,
  signal: AbortSignal | undefined,
  onRow: (row: Row) => void,
): Promise<void> {
  const options = { batchSize: READ_BATCH, ...(signal ? { signal } : {}) };
  const join =
    entity.joins && entity.joins.length > 0
      ? await loadRowJoins(context.connector, entity.entity, entity.joins, task.joinStreams ?? [], options)
      : undefined;
  for (const partition of await context.connector.partition(task.stream, Number.MAX_SAFE_INTEGER)) {
    for await (const rows of context.connector.read(task.stream, partition, options))
      for (const row of rows) onRow(join ? join(row) : row);
  }
}

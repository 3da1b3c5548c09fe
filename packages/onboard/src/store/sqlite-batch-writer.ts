import type Database from 'better-sqlite3';
import { rejectionRowJson } from './row-mappers.ts';
import type { BatchResult } from './run-records.ts';

/**
 * Writes one batch's outcome, rejections and checkpoint, in one transaction; see `sqliteBatchWriter`.
 * With `attempt`, only while it is the task's latest; returns whether it wrote.
 */
export type BatchWriter = (batch: BatchResult, attempt?: number) => boolean;

const COUNT_COLUMNS = [
  'entity',
  'rows_read',
  'skipped',
  'created',
  'updated',
  'unchanged',
  'rejected',
  'checksum_count',
  'checksum',
  'duration_ms',
  'recorded_at',
  'cursor_max',
  'null_cursor_rows',
] as const;

const UPSERT_BATCH =
  `INSERT INTO "onboard_batches" ("run_id", "task_id", "seq", ${COUNT_COLUMNS.map((c) => `"${c}"`).join(', ')}) ` +
  `VALUES (${Array.from({ length: COUNT_COLUMNS.length + 3 }, () => '?').join(', ')}) ` +
  `ON CONFLICT ("run_id", "task_id", "seq") DO UPDATE SET ${COUNT_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
const DELETE_REJECTIONS =
  'DELETE FROM "onboard_rejections" WHERE "run_id" = ? AND "task_id" = ? AND "seq" = ?';
const INSERT_REJECTION =
  'INSERT INTO "onboard_rejections" ("run_id", "task_id", "seq", "position", "entity", "external_id", "stage", "errors_json", "row_json") ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** `holdsAttempt`'s look: one row when the attempt is still the task's latest. */
const HOLDS_ATTEMPT =
  'UPDATE "onboard_tasks" SET "attempts" = "attempts" WHERE "run_id" = ? AND "task_id" = ? AND "attempts" = ?';
const ADVANCE_CHECKPOINT =
  'UPDATE "onboard_tasks" SET "checkpoint_seq" = ?, "checkpoint_after" = ? ' +
  'WHERE "run_id" = ? AND "task_id" = ? AND ("checkpoint_seq" IS NULL OR "checkpoint_seq" < ?)';

/**
 * What `RunStore.recordBatch` writes, for a SQLite run store, as five statements prepared once and
 * run in one synchronous transaction: the same rows as the query-builder path (the batch's counts
 * upserted under its (run, task, seq) key, its rejections replaced, the task's checkpoint moved
 * forward only; first, given an attempt, the look that it is still the task's latest), without
 * building and compiling every statement again for every batch (the rejections' multi-row INSERT
 * had a new text for each count of rejections). The caller holds the store's one connection while
 * it runs (no other transaction can be open on it).
 */
export function sqliteBatchWriter(database: Database.Database): BatchWriter {
  let write: BatchWriter | undefined;
  // Prepared at the first batch: the store's tables exist only once its migrations have run.
  const prepare = (): BatchWriter => {
    const upsert = database.prepare(UPSERT_BATCH);
    const deleteRejections = database.prepare(DELETE_REJECTIONS);
    const insertRejection = database.prepare(INSERT_REJECTION);
    const checkpoint = database.prepare(ADVANCE_CHECKPOINT);
    const holds = database.prepare(HOLDS_ATTEMPT);
    return database.transaction((batch: BatchResult, attempt?: number): boolean => {
      const { runId, taskId, seq } = batch;
      if (attempt !== undefined && holds.run(runId, taskId, attempt).changes === 0) return false;
      upsert.run(
        runId,
        taskId,
        seq,
        batch.entity,
        batch.rowsRead,
        batch.skipped,
        batch.created,
        batch.updated,
        batch.unchanged,
        batch.rejected,
        batch.checksumCount,
        batch.checksum,
        Math.round(batch.durationMs),
        new Date().toISOString(),
        batch.cursorMax === null ? null : JSON.stringify(batch.cursorMax),
        batch.nullCursorRows ?? 0,
      );
      deleteRejections.run(runId, taskId, seq);
      for (const r of batch.rejections) {
        insertRejection.run(
          runId,
          taskId,
          seq,
          r.position,
          r.entity,
          r.externalId,
          r.stage,
          JSON.stringify(r.errors),
          rejectionRowJson(r.row),
        );
      }
      checkpoint.run(seq, batch.after === null ? null : JSON.stringify(batch.after), runId, taskId, seq);
      return true;
    });
  };
  return (batch, attempt) => {
    write ??= prepare();
    return write(batch, attempt);
  };
}

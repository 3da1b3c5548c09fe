import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { SourceValue } from '../connectors/value.ts';
import { holdsAttempt } from './attempt-fence.ts';
import { queryBatchTimeline, type TimelinePoint } from './batch-timeline.ts';
import { queryBatchesSince } from './batches-since.ts';
import { queryEntityTotals } from './entity-totals.ts';
import { MergeStore } from './merge-store.ts';
import { MirrorStore } from './mirror-store.ts';
import { queryNullCursorRows } from './null-cursor-rows.ts';
import { type PruneOptions, type PruneResult, pruneRuns } from './prune-runs.ts';
import {
  countRejections,
  queryRejectionReasons,
  type RejectionFilter,
  type RejectionReason,
  searchRejections,
} from './rejection-search.ts';
import { INSERT_CHUNK, insertRejections, toCheckpoint, toRejection, toRun } from './row-mappers.ts';
import { type EntityCounts, queryEntityCounts } from './run-counts.ts';
import { RunLocks } from './run-locks.ts';
import type {
  BatchResult,
  EntityTotals,
  NewRun,
  Rejection,
  RunRecord,
  RunStatus,
  TaskAttempt,
  TaskRecord,
  TaskStatus,
  Watermark,
} from './run-records.ts';
import type { BatchWriter } from './sqlite-batch-writer.ts';
import type { StoreDatabase } from './store-schema.ts';

/** A task as the planner hands it to the store. */
export interface NewTask {
  readonly taskId: string;
  readonly phase: number;
  readonly entity: string;
  readonly stream: string;
  readonly partitionIndex: number;
  readonly estimatedRows: number | null;
  readonly task: unknown;
}

const now = () => new Date().toISOString();

/** This process, as a task's `worker` names it. */
const THIS_WORKER = `${hostname()} pid ${process.pid}`;

/** This process, as `onboard_run_starts` names it: a pid may come again (a container restarted), this not. */
const THIS_PROCESS = `${THIS_WORKER} ${randomUUID()}`;

/**
 * Runs, partition tasks and their checkpoints, per-batch results, rejected records and watermarks.
 * Counts are never incremented: each batch's outcome is stored once under its (run, task, seq)
 * key, so replaying a batch after a crash replaces its row instead of counting it twice.
 */
export class RunStore {
  readonly #db: Kysely<StoreDatabase>;
  /** Who works each run (see `RunLocks`). */
  readonly locks: RunLocks;
  /** What mirror runs keep: seen ids, gaps, deletions (see `MirrorStore`). */
  readonly mirror: MirrorStore;
  /** Runs' merge plans: groups of duplicates and their merged records (see `MergeStore`). */
  readonly merges: MergeStore;
  /** A SQLite store's `recordBatch` for runs that keep no seen ids (see `sqliteBatchWriter`). */
  readonly #writeBatch: BatchWriter | undefined;
  /** Runs whose start by this process is recorded already (`recordStart`). */
  readonly #started = new Set<string>();

  constructor(db: Kysely<StoreDatabase>, writeBatch?: BatchWriter) {
    this.#db = db;
    this.#writeBatch = writeBatch;
    this.locks = new RunLocks(db);
    this.mirror = new MirrorStore(db);
    this.merges = new MergeStore(db);
  }

  async createRun(run: NewRun): Promise<void> {
    await this.#db
      .insertInto('onboard_runs')
      .values({
        id: run.id,
        status: 'planned',
        source_name: run.sourceName,
        source_url: run.sourceUrl,
        core_url: run.coreUrl,
        tenant_id: run.tenantId ?? null,
        mapping_path: run.mappingPath,
        mapping_hash: run.mappingHash,
        schema_version: run.schemaVersion,
        dry_run: run.dryRun ? 1 : 0,
        options_json: JSON.stringify(run.options),
        plan_json: JSON.stringify(run.phases),
        reconciliation_json: null,
        error: null,
        created_at: now(),
        started_at: null,
        finished_at: null,
        // Only when set: a run store of an older version still takes a run stored with its plan.
        ...(run.mergesPending === true ? { merges_pending: 1 } : {}),
      })
      .execute();
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = await this.#db.selectFrom('onboard_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRun(row);
  }

  async listRuns(limit = 50): Promise<RunRecord[]> {
    const rows = await this.#db
      .selectFrom('onboard_runs')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRun);
  }

  /**
   * Sets a run's status (and its error); with `watermarks` (those a run that succeeded moves), writes
   * them in the same transaction, so that no watermark moves without its run's `succeeded`.
   */
  async setRunStatus(
    id: string,
    status: RunStatus,
    error: string | null = null,
    watermarks: readonly Watermark[] = [],
  ): Promise<void> {
    const ended = status === 'succeeded' || status === 'failed' || status === 'cancelled';
    await this.#db.transaction().execute(async (trx) => {
      for (const mark of watermarks) await writeWatermark(trx, mark);
      await trx
        .updateTable('onboard_runs')
        .set({
          status,
          error,
          ...(status === 'running' ? { finished_at: null } : {}),
          ...(ended ? { finished_at: now() } : {}),
        })
        .where('id', '=', id)
        .execute();
      if (status === 'running') {
        await trx
          .updateTable('onboard_runs')
          .set({ started_at: now() })
          .where('id', '=', id)
          .where('started_at', 'is', null)
          .execute();
      }
    });
    if (status === 'running') await this.recordStart(id);
  }

  /**
   * Records that `process` (this one unless given) works the run from now on, once per process and
   * run: an execution that begins (`run`, `resume`) and a worker's first task of the run. The time
   * between the run's last batch and a process that took it up again was not running time (see
   * `runningTime`).
   */
  async recordStart(runId: string, process: string = THIS_PROCESS): Promise<void> {
    const key = `${runId}\u0000${process}`;
    if (this.#started.has(key)) return;
    await this.#db
      .insertInto('onboard_run_starts')
      .values({ run_id: runId, process, started_at: now() })
      .onConflict((oc) => oc.columns(['run_id', 'process']).doNothing())
      .execute();
    this.#started.add(key);
  }

  /** When each process that worked the run first did (`recordStart`), oldest first. */
  async runStarts(runId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('onboard_run_starts')
      .select('started_at')
      .where('run_id', '=', runId)
      .orderBy('started_at')
      .execute();
    return rows.map((row) => row.started_at);
  }

  /**
   * Whether a task of the run was worked from `from` or earlier until `to` or later, and done: the
   * process that did it (the one that finishes a task done) worked the run through that time.
   */
  async taskWorkedAcross(runId: string, from: string, to: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('onboard_tasks')
      .select('task_id')
      .where('run_id', '=', runId)
      .where('status', '=', 'done')
      .where('started_at', '<=', from)
      .where('finished_at', '>=', to)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** When the run's latest batch recorded before `before` was, or with no `before` its latest; undefined when none. */
  async lastBatchAt(runId: string, before?: string): Promise<string | undefined> {
    let query = this.#db
      .selectFrom('onboard_batches')
      .select((eb) => eb.fn.max('recorded_at').as('last'))
      .where('run_id', '=', runId);
    if (before !== undefined) query = query.where('recorded_at', '<', before);
    const row = await query.executeTakeFirst();
    return row?.last ?? undefined;
  }

  async saveReconciliation(id: string, reconciliation: unknown): Promise<void> {
    await this.#db
      .updateTable('onboard_runs')
      .set({ reconciliation_json: JSON.stringify(reconciliation) })
      .where('id', '=', id)
      .execute();
  }

  /** Adds tasks as `pending`; a task already stored is left as it is. */
  async addTasks(runId: string, tasks: readonly NewTask[]): Promise<void> {
    for (let i = 0; i < tasks.length; i += INSERT_CHUNK) {
      const values = tasks.slice(i, i + INSERT_CHUNK).map((t) => ({
        run_id: runId,
        task_id: t.taskId,
        phase: t.phase,
        entity: t.entity,
        stream: t.stream,
        partition_index: t.partitionIndex,
        estimated_rows: t.estimatedRows,
        task_json: JSON.stringify(t.task),
        status: 'pending',
        attempts: 0,
        checkpoint_seq: null,
        checkpoint_after: null,
        error: null,
        started_at: null,
        finished_at: null,
      }));
      await this.#db
        .insertInto('onboard_tasks')
        .values(values)
        .onConflict((oc) => oc.columns(['run_id', 'task_id']).doNothing())
        .execute();
    }
  }

  async listTasks<Task = unknown>(runId: string): Promise<TaskRecord<Task>[]> {
    const rows = await this.#db
      .selectFrom('onboard_tasks')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('phase')
      .orderBy('entity')
      .orderBy('partition_index')
      .execute();
    return rows.map((row) => ({
      runId: row.run_id,
      taskId: row.task_id,
      phase: Number(row.phase),
      entity: row.entity,
      status: row.status as TaskStatus,
      attempts: Number(row.attempts),
      estimatedRows: row.estimated_rows === null ? null : Number(row.estimated_rows),
      checkpoint: toCheckpoint(row.checkpoint_seq, row.checkpoint_after),
      task: JSON.parse(row.task_json) as Task,
      error: row.error,
      worker: row.worker ?? null,
    }));
  }

  /**
   * Marks a task running (one more attempt) and returns the attempt's number and where to continue
   * it; undefined when the task is done already (the queue delivered a finished task again: there
   * is nothing left to do, and its batches must not be replayed). One statement, so two attempts
   * started at once get two numbers.
   */
  async startTask(runId: string, taskId: string): Promise<TaskAttempt | undefined> {
    const row = await this.#db
      .updateTable('onboard_tasks')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        started_at: now(),
        error: null,
        worker: THIS_WORKER,
      }))
      .where('run_id', '=', runId)
      .where('task_id', '=', taskId)
      .where('status', '<>', 'done')
      .returning(['attempts', 'checkpoint_seq', 'checkpoint_after'])
      .executeTakeFirst();
    if (row !== undefined) await this.recordStart(runId);
    if (row !== undefined)
      return {
        attempt: Number(row.attempts),
        checkpoint: toCheckpoint(row.checkpoint_seq, row.checkpoint_after),
      };
    const known = await this.#db
      .selectFrom('onboard_tasks')
      .select('status')
      .where('run_id', '=', runId)
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    if (known === undefined) throw new Error(`run ${runId} has no task ${taskId}`);
    return undefined;
  }

  /**
   * Forgets a task's batches, rejections and checkpoint, so it replays from the start. With
   * `attempt`, only while that attempt is the task's latest (see `holdsAttempt`): false, and
   * nothing forgotten, when a newer one has started (it may have recorded batches already).
   */
  async resetTask(runId: string, taskId: string, attempt?: number): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      if (attempt !== undefined && !(await holdsAttempt(trx, runId, taskId, attempt))) return false;
      await trx
        .deleteFrom('onboard_rejections')
        .where('run_id', '=', runId)
        .where('task_id', '=', taskId)
        .execute();
      await trx
        .deleteFrom('onboard_batches')
        .where('run_id', '=', runId)
        .where('task_id', '=', taskId)
        .execute();
      await trx
        .updateTable('onboard_tasks')
        .set({ checkpoint_seq: null, checkpoint_after: null })
        .where('run_id', '=', runId)
        .where('task_id', '=', taskId)
        .execute();
      return true;
    });
  }

  /**
   * Records how a task's attempt ended. With `attempt` (from `startTask`), only while that attempt
   * is the task's latest: an older one, still running after its job was taken over by another
   * worker (frozen past its lock, then woken up), must not mark the task done while the newer one
   * replays it, nor failed or pending once the newer one has finished it. Returns whether it was
   * recorded (false: a newer attempt owns the task).
   */
  async finishTask(
    runId: string,
    taskId: string,
    status: 'done' | 'failed' | 'pending',
    error: string | null = null,
    attempt?: number,
  ): Promise<boolean> {
    let update = this.#db
      .updateTable('onboard_tasks')
      .set({ status, error, finished_at: status === 'pending' ? null : now() })
      .where('run_id', '=', runId)
      .where('task_id', '=', taskId);
    if (attempt !== undefined) update = update.where('attempts', '=', attempt);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Stores one batch's outcome, its rejections and the task's checkpoint, in one transaction, with
   * what `mirror` keeps of the batch. With `attempt` (from `startTask`), only while that attempt is
   * the task's latest (see `holdsAttempt`): false, and nothing written, once a newer one started.
   */
  async recordBatch(batch: BatchResult, attempt?: number): Promise<boolean> {
    const write = this.#writeBatch;
    if (write !== undefined && !(await this.mirror.keepsSeenIds(batch.runId))) {
      // The store's one connection, held: no transaction of the query builder is open meanwhile.
      return this.#db.connection().execute(async () => write(batch, attempt));
    }
    const mirrorWork = await this.mirror.batchWork(batch);
    return this.#db.transaction().execute(async (trx) => {
      if (attempt !== undefined && !(await holdsAttempt(trx, batch.runId, batch.taskId, attempt)))
        return false;
      const counts = {
        entity: batch.entity,
        rows_read: batch.rowsRead,
        skipped: batch.skipped,
        created: batch.created,
        updated: batch.updated,
        unchanged: batch.unchanged,
        rejected: batch.rejected,
        checksum_count: batch.checksumCount,
        checksum: batch.checksum,
        duration_ms: Math.round(batch.durationMs),
        recorded_at: now(),
        cursor_max: batch.cursorMax === null ? null : JSON.stringify(batch.cursorMax),
        null_cursor_rows: batch.nullCursorRows ?? 0,
      };
      await trx
        .insertInto('onboard_batches')
        .values({ run_id: batch.runId, task_id: batch.taskId, seq: batch.seq, ...counts })
        .onConflict((oc) => oc.columns(['run_id', 'task_id', 'seq']).doUpdateSet(counts))
        .execute();
      await trx
        .deleteFrom('onboard_rejections')
        .where('run_id', '=', batch.runId)
        .where('task_id', '=', batch.taskId)
        .where('seq', '=', batch.seq)
        .execute();
      await insertRejections(trx, batch);
      await mirrorWork(trx);
      await trx
        .updateTable('onboard_tasks')
        .set({
          checkpoint_seq: batch.seq,
          checkpoint_after: batch.after === null ? null : JSON.stringify(batch.after),
        })
        .where('run_id', '=', batch.runId)
        .where('task_id', '=', batch.taskId)
        .where((eb) => eb.or([eb('checkpoint_seq', 'is', null), eb('checkpoint_seq', '<', batch.seq)]))
        .execute();
      return true;
    });
  }

  /** Binds a run stored before tenants were recorded to the tenant now working it. */
  async setRunTenant(runId: string, tenantId: string): Promise<void> {
    await this.#db
      .updateTable('onboard_runs')
      .set({ tenant_id: tenantId })
      .where('id', '=', runId)
      .where('tenant_id', 'is', null)
      .execute();
  }

  /** Totals per entity over every batch of the run. */
  entityTotals(runId: string): Promise<EntityTotals[]> {
    return queryEntityTotals(this.#db, runId);
  }

  /** Per run, each entity's summed counts (no checksums), for many runs at once (see `queryEntityCounts`). */
  entityCounts(runIds: readonly string[]): Promise<Map<string, EntityCounts[]>> {
    return queryEntityCounts(this.#db, runIds);
  }

  /** The run's batches numbered above each task's given `seq`, by task and number (see `queryBatchesSince`). */
  batchesSince(runId: string, since: ReadonlyMap<string, number>): Promise<BatchResult[]> {
    return queryBatchesSince(this.#db, runId, since);
  }

  /** Per entity of the run, the rows read whose cursor is null (see `queryNullCursorRows`). */
  nullCursorRows(runId: string): Promise<Map<string, number>> {
    return queryNullCursorRows(this.#db, runId);
  }

  /** Per stream of the run, every batch's largest cursor value (to find the new watermark). */
  async cursorValues(runId: string): Promise<Map<string, SourceValue[]>> {
    const rows = await this.#db
      .selectFrom('onboard_batches as b')
      .innerJoin('onboard_tasks as t', (join) =>
        join.onRef('t.run_id', '=', 'b.run_id').onRef('t.task_id', '=', 'b.task_id'),
      )
      .select(['t.stream', 'b.cursor_max'])
      .where('b.run_id', '=', runId)
      .where('b.cursor_max', 'is not', null)
      // In the batches' order, not in whatever order the plan the database picks gives them.
      .orderBy('b.task_id')
      .orderBy('b.seq')
      .execute();
    const values = new Map<string, SourceValue[]>();
    for (const row of rows) {
      const list = values.get(row.stream) ?? [];
      list.push(JSON.parse(row.cursor_max as string) as SourceValue);
      values.set(row.stream, list);
    }
    return values;
  }

  /** Rejected records in a stable order, a page at a time. */
  async rejections(runId: string, limit = 1000, offset = 0): Promise<Rejection[]> {
    const rows = await this.#db
      .selectFrom('onboard_rejections')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('entity')
      .orderBy('task_id')
      .orderBy('seq')
      .orderBy('position')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toRejection);
  }

  /** A page of the run's rejected records that pass `filter` (entity, code, text), and how many pass it. */
  async findRejections(
    runId: string,
    filter: RejectionFilter,
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: Rejection[] }> {
    const [total, items] = await Promise.all([
      countRejections(this.#db, runId, filter),
      searchRejections(this.#db, runId, filter, limit, offset),
    ]);
    return { total, items };
  }

  /** Every reason that rejected a record of the run (entity, field, code) and how often. */
  rejectionReasons(runId: string): Promise<RejectionReason[]> {
    return queryRejectionReasons(this.#db, runId);
  }

  /** Rows read and rejected per entity and second, from the run's batches (see `queryBatchTimeline`). */
  batchTimeline(runId: string): Promise<TimelinePoint[]> {
    return queryBatchTimeline(this.#db, runId);
  }

  async getWatermark(target: string, sourceName: string, stream: string): Promise<Watermark | undefined> {
    const row = await this.#db
      .selectFrom('onboard_watermarks')
      .selectAll()
      .where('target', '=', target)
      .where('source_name', '=', sourceName)
      .where('stream', '=', stream)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      target: row.target,
      sourceName: row.source_name,
      stream: row.stream,
      cursorColumn: row.cursor_column,
      value: JSON.parse(row.value_json) as SourceValue,
      runId: row.run_id,
    };
  }

  async setWatermark(mark: Watermark): Promise<void> {
    await writeWatermark(this.#db, mark);
  }

  /** Removes the rows of runs that ended before a cutoff (see `pruneRuns` for what is kept). */
  prune(options: PruneOptions): Promise<PruneResult> {
    return pruneRuns(this.#db, options);
  }

  close(): Promise<void> {
    return this.#db.destroy();
  }
}

/** Inserts or moves one stream's watermark. */
async function writeWatermark(db: Kysely<StoreDatabase>, mark: Watermark): Promise<void> {
  const values = {
    cursor_column: mark.cursorColumn,
    value_json: JSON.stringify(mark.value),
    run_id: mark.runId,
    updated_at: now(),
  };
  await db
    .insertInto('onboard_watermarks')
    .values({ target: mark.target, source_name: mark.sourceName, stream: mark.stream, ...values })
    .onConflict((oc) => oc.columns(['target', 'source_name', 'stream']).doUpdateSet(values))
    .execute();
}

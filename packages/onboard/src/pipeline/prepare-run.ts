import type { PartitionTask } from '../planner/partition-task.ts';
import type { RunRecord, TaskRecord } from '../store/run-records.ts';
import type { RunContext } from './open-run-context.ts';
import { PipelineError } from './pipeline-errors.ts';
import type { EntityProgressInfo, ProgressReporter } from './progress-reporter.ts';

/** A stored run ready to execute: its record, every task, and the ones still to run. */
export interface PreparedRun {
  readonly run: RunRecord;
  /** Every task of the run, done or not (reconciliation and watermarks need them all). */
  readonly tasks: readonly PartitionTask[];
  /** The tasks not done yet, for the executor. */
  readonly pending: readonly PartitionTask[];
  /** `performance.now()` when the execution began. */
  readonly started: number;
}

/**
 * The first step of an execution, under the run's lock: reads the run and its tasks, refuses a run
 * that succeeded meanwhile or a mirror run that cannot see every record, starts the progress
 * display (with what earlier executions read), and marks the run `running`.
 */
export async function prepareRun(
  context: Pick<RunContext, 'store'>,
  runId: string,
  progress: ProgressReporter,
): Promise<PreparedRun> {
  const started = performance.now();
  const { store } = context;
  const run = await store.getRun(runId);
  if (run === undefined) throw new PipelineError(`no run ${runId} in the run store`);
  // Checked again under the lock: another process may have finished it meanwhile.
  if (run.status === 'succeeded')
    throw new PipelineError(`run ${runId} already succeeded; start a new run instead`);
  const records = await store.listTasks<PartitionTask>(runId);
  const before = new Map((await store.entityTotals(runId)).map((t) => [t.entity, t.read]));
  progress.start(runId, progressInfo(records, before));
  if (run.options['mirror'] === true) mirrorPrecondition(run);
  await store.setRunStatus(runId, 'running');
  return {
    run,
    tasks: records.map((r) => r.task),
    pending: records.filter((r) => r.status !== 'done').map((r) => r.task),
    started,
  };
}

/** Per entity: its phase, the rows its partitions estimate (null when one cannot), rows already read. */
function progressInfo(
  records: readonly TaskRecord<PartitionTask>[],
  before: ReadonlyMap<string, number>,
): EntityProgressInfo[] {
  const estimates = new Map<string, { phase: number; rows: number | null }>();
  for (const record of records) {
    // A task of a stream several entities read feeds each of them the same rows.
    for (const entity of record.task.entities ?? [record.entity]) {
      const known = estimates.get(entity);
      const rows = record.estimatedRows;
      estimates.set(entity, {
        phase: record.phase,
        rows: known?.rows === null || rows === null ? null : (known?.rows ?? 0) + rows,
      });
    }
  }
  return [...estimates].map(([entity, e]) => ({
    entity,
    phase: e.phase,
    estimatedRows: e.rows,
    alreadyRead: before.get(entity) ?? 0,
  }));
}

/** A mirror run must read every record: never a dry run nor an incremental one. */
function mirrorPrecondition(run: {
  readonly dryRun: boolean;
  readonly options: Readonly<Record<string, unknown>>;
}): void {
  if (run.dryRun) throw new PipelineError('--mirror cannot be combined with --dry-run');
  if (run.options['incremental'] === true)
    throw new PipelineError(
      '--mirror cannot be combined with --incremental (an incremental run does not see every record)',
    );
}

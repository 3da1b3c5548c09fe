import { redact } from '../config/redact-url.ts';
import type { ReadOptions } from '../connectors/connector.ts';
import { kindOf } from '../errors/kind-of.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import type { LoadedResult } from '../loader/isolate-poison.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { MergeMember } from '../store/merge-store.ts';
import type { BatchResult } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';
import { withMerges } from './apply-merges.ts';
import { BatchAssembler } from './batch-assembler.ts';
import { type BatchDraft, batchOutcome } from './batch-outcome.ts';
import { cursorFilter, loadRowJoins } from './row-joins.ts';
import { checkRunTenant } from './run-tenant.ts';
import type { TaskResources } from './task-resources.ts';

/** What one task did in this attempt. */
export interface TaskSummary {
  readonly taskId: string;
  readonly batches: number;
  readonly rowsRead: number;
}

/** The mapping has no entry for a task's entity and stream (the mapping changed since planning). */
export class TaskMappingError extends OnboardError {
  override readonly name = 'TaskMappingError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

type Settled = { ok: true; value: BatchResult } | { ok: false; error: unknown };

/**
 * Runs one partition task: reads the partition from its checkpoint, transforms, batches, loads,
 * and records each batch's results together with the new checkpoint, in batch order. Up to
 * `task.inFlight` batches are on the wire while the next is being transformed. Everything it knows
 * comes from the task and the store, so any process can run (or re-run) any task.
 */
export async function runPartitionTask(
  task: PartitionTask,
  resources: TaskResources,
  signal: AbortSignal,
): Promise<TaskSummary> {
  const store = await resources.store(task);
  const mapping = await resources.mapping(task);
  const found = mapping.entities.find((e) => e.entity === task.entity && e.stream === task.stream.name);
  if (found === undefined) {
    throw new TaskMappingError(
      `the mapping ${task.mapping.path} has no entry for ${task.entity} from ${task.stream.name}`,
    );
  }
  // The run's merge plan (duplicates of this entity, survivors of the entities it refers to).
  const mapped = withMerges(found, await mergePlan(store, task.runId));
  const [connector, loader] = await Promise.all([resources.connector(task), resources.loader(task)]);
  // Before the first write: a token of another tenant than the run's never loads a record.
  const run = await store.getRun(task.runId);
  if (run !== undefined && run.tenantId !== null)
    checkRunTenant(run, await loader.whoami(signal), task.coordinates.core);
  const keyed = task.partition.key.length > 0;
  let checkpoint = await store.startTask(task.runId, task.taskId);
  if (!keyed && checkpoint !== null) {
    // A stream read whole cannot continue mid-way: it replays from the start under the same batch keys.
    await store.resetTask(task.runId, task.taskId);
    checkpoint = null;
  }
  const assembler = new BatchAssembler(
    mapped,
    task.partition.key,
    { maxRecords: task.maxBatchRecords, maxBytes: task.maxBatchBytes },
    checkpoint === null ? 0 : checkpoint.seq + 1,
    task.cursorColumn,
  );
  const ids = { runId: task.runId, taskId: task.taskId, entity: task.entity };
  const window: Promise<Settled>[] = [];
  let batches = 0;
  let rowsRead = 0;

  const send = (draft: BatchDraft): Promise<Settled> => {
    const started = performance.now();
    const loading: Promise<readonly LoadedResult[]> = loader.load(
      {
        ...ids,
        seq: draft.seq,
        source: task.sourceName,
        // A dry run writes no parent, so its children would all fail their references: send them
        // deferred, so every record is still checked field by field.
        deferUnresolved: task.deferUnresolved || task.dryRun,
        dryRun: task.dryRun,
        records: draft.records,
        externalIds: draft.externalIds,
      },
      signal,
    );
    return loading.then(
      (results) => ({ ok: true, value: batchOutcome(ids, draft, results, performance.now() - started) }),
      (error: unknown) => ({ ok: false, error }),
    );
  };
  const recordOldest = async (): Promise<void> => {
    const settled = await (window.shift() as Promise<Settled>);
    if (!settled.ok) throw settled.error;
    await store.recordBatch(settled.value);
    batches += 1;
    rowsRead += settled.value.rowsRead;
    resources.onBatch?.(task, settled.value);
  };
  const dispatch = async (draft: BatchDraft | undefined): Promise<void> => {
    if (draft === undefined) return;
    window.push(send(draft));
    while (window.length >= Math.max(1, task.inFlight)) await recordOldest();
  };

  try {
    // A cursor over several columns (joined ones too) cannot be read in SQL: rows are filtered here.
    const spanning = mapped.cursorColumns !== undefined && mapped.cursor !== undefined;
    let read: ReadOptions = {
      batchSize: task.readBatchSize,
      signal,
      ...(checkpoint?.after ? { after: checkpoint.after } : {}),
      ...(task.cursor && !spanning ? { cursor: task.cursor } : {}),
    };
    const snapshot = resources.snapshot?.(task);
    if (snapshot !== undefined) read = { ...read, snapshot };
    const join =
      mapped.joins && mapped.joins.length > 0
        ? await loadRowJoins(connector, task.entity, mapped.joins, task.joinStreams ?? [], {
            batchSize: task.readBatchSize,
            signal,
            ...(snapshot !== undefined ? { snapshot } : {}),
          })
        : undefined;
    const past = spanning
      ? cursorFilter(mapped.cursor as string, mapped.cursorColumns as string[], task.cursor?.value)
      : undefined;
    for await (const rows of connector.read(task.stream, task.partition, read)) {
      for (const source of rows) {
        const row = past ? past(join ? join(source) : source) : join ? join(source) : source;
        if (row === undefined) continue;
        const closed = assembler.add(row);
        if (closed !== undefined) await dispatch(closed);
      }
    }
    await dispatch(assembler.flush());
    while (window.length > 0) await recordOldest();
  } catch (error) {
    await Promise.all(window.splice(0));
    await store.finishTask(task.runId, task.taskId, signal.aborted ? 'pending' : 'failed', describe(error));
    throw error;
  }
  await store.finishTask(task.runId, task.taskId, 'done');
  return { taskId: task.taskId, batches, rowsRead };
}

/** A run's merge plan never changes once stored: read once per run and store in this process. */
const plans = new WeakMap<RunStore, Map<string, Promise<readonly MergeMember[]>>>();

function mergePlan(store: RunStore, runId: string): Promise<readonly MergeMember[]> {
  const runs = plans.get(store) ?? new Map<string, Promise<readonly MergeMember[]>>();
  plans.set(store, runs);
  let plan = runs.get(runId);
  if (plan === undefined) {
    plan = store.merges.list(runId);
    plan.catch(() => runs.delete(runId));
    runs.set(runId, plan);
    // A long-lived worker serves many runs: keep the plans of the latest few only.
    for (const old of runs.keys()) if (runs.size > 4) runs.delete(old);
  }
  return plan;
}

/** A failed task's reason as stored and printed: redacted, and marked when it is a defect of onboard. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redact(kindOf(error) === 'internal' ? `internal error (a defect of onboard): ${text}` : text);
}

import { redact } from '../config/redact-url.ts';
import type { ReadOptions } from '../connectors/connector.ts';
import type { Row } from '../connectors/value.ts';
import { kindOf } from '../errors/kind-of.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import type { LoadedResult } from '../loader/isolate-poison.ts';
import { batchEnvelope } from '../loader/record-batcher.ts';
import type { MappedEntity } from '../planner/mapping-view.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { MergeMember } from '../store/merge-store.ts';
import type { BatchResult } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';
import { appliesMergePlan, withMerges } from './apply-merges.ts';
import { BatchAssembler, type PreparedRow } from './batch-assembler.ts';
import { type BatchDraft, batchOutcome } from './batch-outcome.ts';
import { cursorFilter, loadRowJoins } from './row-joins.ts';
import { checkRunTenant } from './run-tenant.ts';
import type { TaskResources } from './task-resources.ts';

/**
 * How an attempt ended without failing: `done`, it finished the task; `already-done`, the task was
 * done before it started (the queue delivered it again); `taken-over`, a newer attempt started
 * meanwhile and owns the task (this one stopped at its next write, or found out when it ended).
 * Only `done` is the task's end: the other two must not be reported or counted as one.
 */
export type TaskOutcome = 'done' | 'already-done' | 'taken-over';

/** What one task did in this attempt: the batches it recorded while it was the task's latest. */
export interface TaskSummary {
  readonly taskId: string;
  readonly outcome: TaskOutcome;
  readonly batches: number;
  readonly rowsRead: number;
}

/** Thrown inside `runPartitionTask` when the store refuses a write: a newer attempt owns the task. */
class TakenOver extends Error {
  override readonly name = 'TakenOver';
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
  // Every entity the partition's rows feed, parents first; the stream is read once for all of them.
  // Each with the run's merge plan (its duplicates, survivors of the entities it refers to), read
  // only when it can change them: a task of other entities may run before the plan is stored.
  const entities = task.entities ?? [task.entity];
  const plan = appliesMergePlan(mapping, entities) ? await mergePlan(store, task.runId) : [];
  const members = entities.map((entity) => {
    const found = mapping.entities.find((e) => e.entity === entity && e.stream === task.stream.name);
    if (found === undefined)
      throw new TaskMappingError(
        `the mapping ${task.mapping.path} has no entry for ${entity} from ${task.stream.name}`,
      );
    return withMerges(found, plan);
  });
  const lead = members[0] as MappedEntity;
  const count = members.length;
  const [connector, loader] = await Promise.all([resources.connector(task), resources.loader(task)]);
  // Before the first write: a token of another tenant than the run's never loads a record.
  const run = await store.getRun(task.runId);
  if (run !== undefined && run.tenantId !== null)
    checkRunTenant(run, await loader.whoami(signal), task.coordinates.core);
  const keyed = task.partition.key.length > 0;
  const attempt = await store.startTask(task.runId, task.taskId);
  // Done already: the queue delivered a finished task again (at least once means maybe twice).
  if (attempt === undefined) return { taskId: task.taskId, outcome: 'already-done', batches: 0, rowsRead: 0 };
  let checkpoint = attempt.checkpoint;
  if (!keyed && checkpoint !== null) {
    // A stream read whole cannot continue mid-way: it replays from the start under the same batch keys.
    if (!(await store.resetTask(task.runId, task.taskId, attempt.attempt)))
      return { taskId: task.taskId, outcome: 'taken-over', batches: 0, rowsRead: 0 };
    checkpoint = null;
  }
  // The rows are cut into chunks, each one batch per member: member i's batch of chunk c is
  // number c * count + i. Only a chunk's last batch moves the checkpoint past the chunk, so a
  // resumed task re-reads a chunk some member has not recorded, and sends only the missing batches.
  const recorded = checkpoint === null ? -1 : checkpoint.seq;
  let chunk = Math.floor((recorded + 1) / count);
  let chunkStart = checkpoint?.after ?? null;
  const assemblers = members.map(
    (mapped) =>
      new BatchAssembler(
        mapped,
        task.partition.key,
        { maxRecords: task.maxBatchRecords, maxBytes: task.maxBatchBytes },
        // A dry run writes no parent, so its children would all fail their references: send them
        // deferred, so every record is still checked field by field.
        batchEnvelope(task.sourceName, task.deferUnresolved || task.dryRun),
        0,
        task.cursorColumn,
        task.columnar === true
          ? { source: task.sourceName, deferUnresolved: task.deferUnresolved || task.dryRun }
          : undefined,
      ),
  );
  const window: Promise<Settled>[] = [];
  let batches = 0;
  let rowsRead = 0;

  const send = (entity: string, { body, ...draft }: BatchDraft): Promise<Settled> => {
    const ids = { runId: task.runId, taskId: task.taskId, entity };
    const started = performance.now();
    // The body goes to the loader only, which gives its memory back once core has answered.
    const loading: Promise<readonly LoadedResult[]> = loader.load(
      { ...ids, seq: draft.seq, dryRun: task.dryRun, body, externalIds: draft.externalIds },
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
    // Refused once a newer attempt has started: it continues after the last batch recorded here
    // (or replays a keyless task), so this one stops and reports nothing more.
    if (!(await store.recordBatch(settled.value, attempt.attempt))) throw new TakenOver();
    batches += 1;
    if (settled.value.entity === lead.entity) rowsRead += settled.value.rowsRead;
    resources.onBatch?.(task, settled.value);
  };
  /** Sends one chunk's batches, each member's after the one before it has loaded (parents first). */
  const dispatch = async (drafts: readonly (BatchDraft | undefined)[]): Promise<void> => {
    if (drafts.every((draft) => draft === undefined)) return;
    let previous: Promise<unknown> = Promise.resolve();
    const end = drafts.find((draft) => draft !== undefined)?.after ?? null;
    for (const [i, draft] of drafts.entries()) {
      const seq = chunk * count + i;
      if (draft === undefined || seq <= recorded) continue;
      const numbered = { ...draft, seq, after: i === count - 1 ? draft.after : chunkStart };
      const entity = (members[i] as MappedEntity).entity;
      const sending = previous.then(() => send(entity, numbered));
      previous = sending;
      window.push(sending);
      while (window.length >= Math.max(1, task.inFlight) * count) await recordOldest();
    }
    chunk += 1;
    chunkStart = end;
  };

  try {
    // A cursor over several columns (joined ones too) cannot be read in SQL: rows are filtered here.
    const spanning = lead.cursorColumns !== undefined && lead.cursor !== undefined;
    let read: ReadOptions = {
      batchSize: task.readBatchSize,
      signal,
      ...(checkpoint?.after ? { after: checkpoint.after } : {}),
      ...(task.cursor && !spanning ? { cursor: task.cursor } : {}),
    };
    const snapshot = resources.snapshot?.(task);
    if (snapshot !== undefined) read = { ...read, snapshot };
    const joins = await Promise.all(
      members.map((mapped) =>
        mapped.joins && mapped.joins.length > 0
          ? loadRowJoins(connector, mapped.entity, mapped.joins, task.joinStreams ?? [], {
              batchSize: task.readBatchSize,
              signal,
              ...(snapshot !== undefined ? { snapshot } : {}),
            })
          : undefined,
      ),
    );
    const past = spanning
      ? cursorFilter(lead.cursor as string, lead.cursorColumns as string[], task.cursor?.value)
      : undefined;
    const rowFor = (i: number, source: Row): Row => {
      const join = joins[i];
      return join ? join(source) : source;
    };
    for await (const rows of connector.read(task.stream, task.partition, read)) {
      for (const source of rows) {
        const first = past ? past(rowFor(0, source)) : rowFor(0, source);
        if (first === undefined) continue;
        if (count === 1) {
          const closed = (assemblers[0] as BatchAssembler).add(first);
          if (closed !== undefined) await dispatch([closed]);
          continue;
        }
        // The group's filter is the first member's; each member gets its own joined row.
        const cursor = spanning
          ? { [lead.cursor as string]: first[lead.cursor as string] ?? null }
          : undefined;
        const prepared = assemblers.map((assembler, i) =>
          assembler.prepare(
            i === 0 ? first : cursor ? { ...rowFor(i, source), ...cursor } : rowFor(i, source),
          ),
        );
        // Every member closes its batch at the same row, so chunks line up.
        if (prepared.some((row) => row.overflows)) await dispatch(assemblers.map((a) => a.flush()));
        const closed = assemblers.map((assembler, i) => assembler.commit(prepared[i] as PreparedRow));
        await dispatch(closed);
      }
    }
    await dispatch(assemblers.map((assembler) => assembler.flush()));
    while (window.length > 0) await recordOldest();
  } catch (error) {
    await Promise.all(window.splice(0));
    const takenOver = { taskId: task.taskId, outcome: 'taken-over', batches, rowsRead } as const;
    if (error instanceof TakenOver) return takenOver;
    const status = signal.aborted ? 'pending' : 'failed';
    // A failure of an attempt that no longer owns the task is not the task's: the newer attempt
    // goes on, and this one must not be tried again (which would take the task from it).
    if (!(await store.finishTask(task.runId, task.taskId, status, describe(error), attempt.attempt)))
      return takenOver;
    throw error;
  }
  // Only the task's latest attempt says how it ended: an older one still running beside it (its
  // worker froze past the job's lock) must not mark done a keyless task the newer one replays.
  const finished = await store.finishTask(task.runId, task.taskId, 'done', null, attempt.attempt);
  return { taskId: task.taskId, outcome: finished ? 'done' : 'taken-over', batches, rowsRead };
}

/** A run's merge plan never changes once stored: read once per run and store in this process. */
const plans = new WeakMap<RunStore, Map<string, Promise<readonly MergeMember[]>>>();

function mergePlan(store: RunStore, runId: string): Promise<readonly MergeMember[]> {
  const runs = plans.get(store) ?? new Map<string, Promise<readonly MergeMember[]>>();
  plans.set(store, runs);
  let plan = runs.get(runId);
  if (plan === undefined) {
    plan = store.merges.plan(runId);
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

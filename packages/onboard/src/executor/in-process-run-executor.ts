import type { Connector } from '../connectors/connector.ts';
import type { CoreClient } from '../loader/core-client.ts';
import { Loader } from '../loader/loader.ts';
import type { MappingView } from '../planner/mapping-view.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { BatchResult } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';
import { appliesMergePlan } from './apply-merges.ts';
import type { ExecutionResult, Executor } from './executor.ts';
import { InProcessExecutor } from './in-process-executor.ts';
import { type MergePlanning, mergePlanFailed } from './merge-plan-wait.ts';
import { newBatchesOnly } from './new-batches-only.ts';
import { staticTaskResources } from './static-task-resources.ts';

/** What one run executed in this process shares between its tasks. */
export interface InProcessRunParts {
  readonly connector: Connector;
  readonly mapping: MappingView;
  readonly client: CoreClient;
  readonly store: RunStore;
  /** Partition tasks at once; the loader keeps twice as many requests in flight. */
  readonly concurrency: number;
  /** Told about each batch recorded (for the progress display). */
  readonly onBatch?: (batch: BatchResult) => void;
  /** Told about notable events (no snapshot...). */
  readonly onNote?: (message: string) => void;
  /**
   * The run's merge plan, being made: the phases before the first task that applies it run
   * meanwhile, the rest once it is stored (see `MergePlanning`).
   */
  readonly mergePlanning?: MergePlanning;
}

/**
 * The default executor of a run: its tasks run in this process, on an `InProcessExecutor` pool of
 * `concurrency`, sharing one connector, mapping, loader and store; when the source can, every
 * partition reads one snapshot, exported when the execution starts and released when it ends.
 * While the run's merge plan is being made (`mergePlanning`), the phases before the first task
 * that applies it run, and no task that applies it starts before it is stored.
 */
export class InProcessRunExecutor implements Executor {
  readonly #parts: InProcessRunParts;

  constructor(parts: InProcessRunParts) {
    this.#parts = parts;
  }

  async execute(tasks: readonly PartitionTask[], signal: AbortSignal): Promise<ExecutionResult> {
    const parts = this.#parts;
    const snapshots = parts.connector.snapshots;
    const snapshot = await snapshots?.exportSnapshot().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      parts.onNote?.(`no consistent snapshot of the source (${reason}); partitions read the latest state`);
      return undefined;
    });
    try {
      const onBatch =
        parts.onBatch === undefined ? undefined : await newBatchesOnly(parts.store, tasks, parts.onBatch);
      const resources = staticTaskResources({
        connector: parts.connector,
        mapping: parts.mapping,
        loader: new Loader(parts.client, parts.concurrency * 2),
        store: parts.store,
        ...(onBatch === undefined
          ? {}
          : { onBatch: (_task: PartitionTask, batch: BatchResult) => onBatch(batch) }),
        ...(snapshot === undefined ? {} : { snapshot }),
      });
      const pool = new InProcessExecutor(resources, parts.concurrency);
      const planning = parts.mergePlanning;
      if (planning === undefined) return await pool.execute(tasks, signal);
      // Phases are in order: those before the first one with a task that applies the plan.
      const applying = tasks.filter((t) => appliesMergePlan(parts.mapping, t.entities ?? [t.entity]));
      const first = Math.min(...applying.map((t) => t.phase));
      const early = await pool.execute(
        tasks.filter((t) => t.phase < first),
        signal,
      );
      const failure = await planning;
      if (failure !== undefined) return mergePlanFailed(failure, signal, early.done, early.failed);
      if (early.failed.length > 0 || early.aborted) return early;
      const late = await pool.execute(
        tasks.filter((t) => t.phase >= first),
        signal,
      );
      return { done: early.done + late.done, failed: late.failed, aborted: late.aborted };
    } finally {
      if (snapshot !== undefined) await snapshots?.releaseSnapshot(snapshot).catch(() => {});
    }
  }
}

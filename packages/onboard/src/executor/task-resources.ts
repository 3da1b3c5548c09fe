import type { Connector } from '../connectors/connector.ts';
import type { Loader } from '../loader/loader.ts';
import type { MappingView } from '../planner/mapping-view.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { BatchResult } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';

/**
 * What a process lends to the tasks it runs: long-lived connections, looked up from a task's
 * coordinates (the process adds the secrets the task does not carry). Holds no run state: every
 * fact about a run lives in the store, so any process can run any task of any run.
 */
export interface TaskResources {
  /** An open connector for the task's source (knowing the mapping's custom queries). */
  connector(task: PartitionTask): Promise<Connector>;
  /** The compiled mapping the task names (its hash checked). */
  mapping(task: PartitionTask): Promise<MappingView>;
  /** A loader for the task's core. */
  loader(task: PartitionTask): Promise<Loader>;
  /** The run store the task records into. */
  store(task: PartitionTask): Promise<RunStore>;
  /**
   * A snapshot of the task's source shared by every task of this execution (see
   * `Connector.snapshots`), so all partitions read one consistent state; absent: each reads the
   * latest committed state.
   */
  snapshot?(task: PartitionTask): string | undefined;
  /** Told after each batch is recorded, for progress display and metrics. */
  onBatch?(task: PartitionTask, batch: BatchResult): void;
}

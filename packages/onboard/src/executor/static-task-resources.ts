import type { Connector } from '../connectors/connector.ts';
import type { Loader } from '../loader/loader.ts';
import type { MappingView } from '../planner/mapping-view.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { BatchResult } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';
import type { TaskResources } from './task-resources.ts';

/** Resources of a process that serves one run: the same connector, mapping, loader and store for every task. */
export function staticTaskResources(parts: {
  readonly connector: Connector;
  readonly mapping: MappingView;
  readonly loader: Loader;
  readonly store: RunStore;
  /** A source snapshot every task reads from. */
  readonly snapshot?: string;
  readonly onBatch?: (task: PartitionTask, batch: BatchResult) => void;
}): TaskResources {
  return {
    connector: async () => parts.connector,
    mapping: async () => parts.mapping,
    loader: async () => parts.loader,
    store: async () => parts.store,
    ...(parts.snapshot === undefined ? {} : { snapshot: () => parts.snapshot }),
    ...(parts.onBatch === undefined ? {} : { onBatch: parts.onBatch }),
  };
}

import type { TaskResources } from '../executor/task-resources.ts';

/** `resources` as they are, except that every task reads the source under `snapshot`. */
export function withSnapshot(resources: TaskResources, snapshot: string): TaskResources {
  return {
    connector: (task) => resources.connector(task),
    mapping: (task) => resources.mapping(task),
    loader: (task) => resources.loader(task),
    store: (task) => resources.store(task),
    snapshot: () => snapshot,
    ...(resources.onBatch === undefined
      ? {}
      : { onBatch: (task, batch) => resources.onBatch?.(task, batch) }),
  };
}

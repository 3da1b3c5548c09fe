import type { BatchResult } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';

/**
 * A recorded batch of the `customer` entity: `sent` external ids loaded, plus one rejected row
 * whose external id is `rejected` (null: unknown, a row without an id), or none when undefined.
 */
export function customerBatch(
  runId: string,
  taskId: string,
  seq: number,
  sent: readonly string[],
  rejected?: string | null,
): BatchResult {
  const rejections =
    rejected === undefined
      ? []
      : [
          {
            position: 0,
            entity: 'customer',
            externalId: rejected,
            stage: 'transform' as const,
            errors: [],
            row: {},
          },
        ];
  return {
    runId,
    taskId,
    seq,
    entity: 'customer',
    rowsRead: sent.length + rejections.length,
    skipped: 0,
    created: sent.length,
    updated: 0,
    unchanged: 0,
    rejected: rejections.length,
    checksumCount: 0,
    checksum: '0000000000000000',
    durationMs: 1,
    after: [seq],
    cursorMax: null,
    rejections,
    sentIds: sent,
  };
}

/** Creates a run of one phase, `customer`, with `tasks` tasks named `customer#0`, `customer#1`, ... */
export async function createCustomerRun(
  store: RunStore,
  id: string,
  options: Record<string, unknown>,
  tasks = 2,
): Promise<void> {
  await store.createRun({
    id,
    sourceName: 'vendor-x',
    sourceUrl: 'sqlite:x',
    coreUrl: 'http://core',
    mappingPath: 'm.yaml',
    mappingHash: 'h',
    schemaVersion: 'v1',
    dryRun: false,
    options,
    phases: [['customer']],
  });
  await store.addTasks(
    id,
    Array.from({ length: tasks }, (_, i) => ({
      taskId: `customer#${i}`,
      phase: 0,
      entity: 'customer',
      stream: 'customers',
      partitionIndex: i,
      estimatedRows: null,
      task: {},
    })),
  );
}

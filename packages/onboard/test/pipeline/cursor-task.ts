import type { SourceValue } from '../../src/connectors/value.ts';
import type { PartitionTask } from '../../src/planner/partition-task.ts';

/** A task of stream `cust` with cursor column `changed_at`, planned with `ceiling` (absent: an older onboard's). */
export function cursorTask(index: number, ceiling?: SourceValue): PartitionTask {
  return {
    version: 1,
    runId: 'r1',
    taskId: `customers#${index}`,
    phase: 0,
    entity: 'customers',
    sourceName: 'shop',
    stream: { name: 'cust', kind: 'table', columns: [], primaryKey: ['id'], cursorCandidates: [] },
    partition: { stream: 'cust', index, key: ['id'], lower: null, upper: null },
    estimatedRows: null,
    deferUnresolved: false,
    dryRun: false,
    readBatchSize: 10,
    maxBatchRecords: 10,
    maxBatchBytes: 1_000_000,
    inFlight: 2,
    mapping: { path: 'm.yaml', hash: 'h' },
    coordinates: { source: 'sqlite:/s', core: 'http://core', store: 'runs.sqlite' },
    timezone: 'UTC',
    cursorColumn: 'changed_at',
    ...(ceiling === undefined ? {} : { cursorCeiling: ceiling }),
  };
}

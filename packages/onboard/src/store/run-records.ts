import type { RecordError } from '@madeup/contract';
import type { SourceValue } from '../connectors/value.ts';

/** Where a run is. `running` after a crash means "interrupted": `onboard resume` continues it. */
export type RunStatus = 'planned' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Where a partition task is. */
export type TaskStatus = 'pending' | 'running' | 'done' | 'failed';

/** A run as stored (no secrets anywhere). */
export interface RunRecord {
  readonly id: string;
  readonly status: RunStatus;
  readonly sourceName: string;
  readonly sourceUrl: string;
  readonly coreUrl: string;
  /** The tenant the run's token reaches; null for a run stored before tenants were recorded. */
  readonly tenantId: string | null;
  readonly mappingPath: string;
  readonly mappingHash: string;
  readonly schemaVersion: string;
  readonly dryRun: boolean;
  readonly options: Readonly<Record<string, unknown>>;
  /** Entities per phase, in dependency order. */
  readonly phases: readonly (readonly string[])[];
  readonly reconciliation: unknown;
  readonly error: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /**
   * The run was stored before its merge plan, which is not stored yet (`MergeStore.add` clears
   * it): no task that applies the plan may run until it is; a resume makes the plan again.
   */
  readonly mergesPending: boolean;
}

/** Where to continue a partition: after batch `seq`, whose last row had key `after`. */
export interface Checkpoint {
  readonly seq: number;
  readonly after: readonly SourceValue[] | null;
}

/** One attempt at a task, as `RunStore.startTask` starts it. */
export interface TaskAttempt {
  /** The attempt's number (1 for the first); the latest attempt owns the task's status. */
  readonly attempt: number;
  /** Where to continue: after the last batch recorded by any attempt; null before the first. */
  readonly checkpoint: Checkpoint | null;
}

/** A partition task as stored. */
export interface TaskRecord<Task = unknown> {
  readonly runId: string;
  readonly taskId: string;
  readonly phase: number;
  readonly entity: string;
  readonly status: TaskStatus;
  readonly attempts: number;
  readonly estimatedRows: number | null;
  readonly checkpoint: Checkpoint | null;
  readonly task: Task;
  readonly error: string | null;
  /** The process that started its latest attempt (`host pid N`); null before the first. */
  readonly worker: string | null;
}

/** A record rejected by the mapping or by core, with every reason and the source row. */
export interface Rejection {
  /** Position of the row in its batch. */
  readonly position: number;
  readonly entity: string;
  readonly externalId: string | null;
  readonly stage: 'transform' | 'core';
  readonly errors: readonly RecordError<string>[];
  readonly row: unknown;
}

/** Everything one batch did, written in one transaction with the task's checkpoint. */
export interface BatchResult {
  readonly runId: string;
  readonly taskId: string;
  readonly seq: number;
  readonly entity: string;
  readonly rowsRead: number;
  readonly skipped: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly checksumCount: number;
  readonly checksum: string;
  readonly durationMs: number;
  /** The checkpoint after this batch: its last row's key (null for a stream read whole). */
  readonly after: readonly SourceValue[] | null;
  /** Largest cursor-column value among the batch's rows; null when the entity has no cursor. */
  readonly cursorMax: SourceValue;
  /**
   * Rows of the batch whose cursor-column value is null (absent: none): an incremental run reads
   * them whatever its watermark, so every one reads them again.
   */
  readonly nullCursorRows?: number;
  readonly rejections: readonly Rejection[];
  /**
   * External ids of the records sent to core in this batch (accepted or rejected); stored (in
   * `onboard_seen_ids`) only for a mirror run.
   */
  readonly sentIds?: readonly string[];
}

/** What a run did with rows: read, then each one skipped, created, updated, unchanged or rejected. */
export interface RowCounts {
  readonly read: number;
  readonly skipped: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

/** Totals of one entity over a run. */
export interface EntityTotals extends RowCounts {
  readonly entity: string;
  readonly batches: number;
  /** Records with a content hash back from core, and their combined checksum. */
  readonly checksumCount: number;
  readonly checksum: string;
  readonly durationMs: number;
}

/** The incremental-read high-water mark of one stream of one source. */
export interface Watermark {
  /** Core and tenant the records went to (see `targetOf`). */
  readonly target: string;
  readonly sourceName: string;
  readonly stream: string;
  readonly cursorColumn: string;
  readonly value: SourceValue;
  readonly runId: string;
}

/** What creates a run. */
export type NewRun = Omit<
  RunRecord,
  | 'status'
  | 'reconciliation'
  | 'error'
  | 'startedAt'
  | 'finishedAt'
  | 'createdAt'
  | 'tenantId'
  | 'mergesPending'
> & { readonly tenantId?: string | null; readonly mergesPending?: boolean };

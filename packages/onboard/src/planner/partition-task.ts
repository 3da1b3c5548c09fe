import type { Partition, StreamInfo } from '../connectors/connector.ts';
import type { SourceValue } from '../connectors/value.ts';

/**
 * Where a task's resources live, without secrets: URLs with their passwords removed. The process
 * that runs the task adds the secrets from its own configuration (see `TaskResources`).
 */
export interface TaskCoordinates {
  readonly source: string;
  readonly core: string;
  readonly store: string;
}

/**
 * One partition of one entity's stream: the unit of work an executor runs. Plain JSON data (no
 * functions, no secrets), so a queue can carry it, and enough to run it in any process.
 */
export interface PartitionTask {
  readonly version: 1;
  readonly runId: string;
  /** Unique within the run: `entity#partition`. */
  readonly taskId: string;
  /** Tasks of phase n start after every task of phase n-1 is done. */
  readonly phase: number;
  readonly entity: string;
  /**
   * Every entity the partition's rows feed, parents first, when more than one reads the stream
   * (`entity` is the first): the partition is read once, each row transformed for each of them.
   */
  readonly entities?: readonly string[];
  /** The source system name sent to core. */
  readonly sourceName: string;
  readonly stream: StreamInfo;
  readonly partition: Partition;
  /** Rows expected in the partition (the source's estimate), null when unknown. */
  readonly estimatedRows: number | null;
  /** Load with deferred references (the entity is in a reference cycle or refers to itself). */
  readonly deferUnresolved: boolean;
  readonly dryRun: boolean;
  /** Rows per read from the source. */
  readonly readBatchSize: number;
  /** Core's batch limits. */
  readonly maxBatchRecords: number;
  readonly maxBatchBytes: number;
  /**
   * Send batches as `ColumnarImportRequest` bodies: set when core's schema document lists
   * `COLUMNAR_IMPORT_MEDIA_TYPE` (absent, as in a task planned for an older core: the object form).
   */
  readonly columnar?: boolean;
  /** Batches of this task in flight at once (overlaps transform and HTTP). */
  readonly inFlight: number;
  readonly mapping: { readonly path: string; readonly hash: string };
  readonly coordinates: TaskCoordinates;
  /** Timezone of the source's naive timestamps (IANA). */
  readonly timezone: string;
  /** The mapping's cursor column: its largest value is recorded per batch, for the next incremental run's watermark. */
  readonly cursorColumn?: string;
  /** The streams the entity's joins read whole (see `MappedEntity.joins`), as discovered. */
  readonly joinStreams?: readonly StreamInfo[];
  /**
   * The cursor column's largest value in the source when the run was planned, before any read
   * (null: the stream held none). The run's watermark moves no further than it: a row changed
   * while the run reads gets a later value, and the next incremental run reads it even when this
   * run read a partition before the change and another one after. Absent in a task planned by an
   * older onboard, or for a source that cannot change during a run (files).
   */
  readonly cursorCeiling?: SourceValue;
  /** Incremental read: only rows whose column is past the value. */
  readonly cursor?: { readonly column: string; readonly value: SourceValue };
}

export function taskId(entity: string, partitionIndex: number): string {
  return `${entity}#${partitionIndex}`;
}

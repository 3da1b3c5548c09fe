/** The run store's tables, as Kysely sees them. Timestamps are ISO-8601 text; JSON is text. */
export interface StoreDatabase {
  onboard_runs: RunsTable;
  onboard_tasks: TasksTable;
  onboard_batches: BatchesTable;
  onboard_rejections: RejectionsTable;
  onboard_watermarks: WatermarksTable;
  onboard_run_locks: RunLocksTable;
  onboard_seen_ids: SeenIdsTable;
  onboard_mirror_gaps: MirrorGapsTable;
  onboard_deletions: DeletionsTable;
  onboard_merges: MergesTable;
  onboard_run_starts: RunStartsTable;
}

export interface RunsTable {
  id: string;
  status: string;
  /** The source system name sent to core (`ImportBatchRequest.source`). */
  source_name: string;
  /** Source and core URLs without credentials. */
  source_url: string;
  core_url: string;
  /** The tenant the run's token reaches (core's `GET /v1/whoami`); null for runs stored before it was kept. */
  tenant_id: string | null;
  mapping_path: string;
  mapping_hash: string;
  schema_version: string;
  dry_run: number;
  /** The run's options (concurrency, batch sizes...), JSON, without secrets. */
  options_json: string;
  /** Entities per phase, JSON. */
  plan_json: string;
  /** The reconciliation against core's stats, JSON, once the run ended. */
  reconciliation_json: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** 1 while the run's merge plan is not stored yet (a run stored before its plan); 0 or null once it is. */
  merges_pending: number | null;
}

export interface TasksTable {
  run_id: string;
  task_id: string;
  phase: number;
  entity: string;
  stream: string;
  partition_index: number;
  estimated_rows: number | null;
  /** The `PartitionTask`, JSON. */
  task_json: string;
  status: string;
  attempts: number;
  /** Sequence number of the last batch recorded in order; null before the first. */
  checkpoint_seq: number | null;
  /** Key tuple of the last row of that batch, JSON; null for a stream read whole. */
  checkpoint_after: string | null;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
  /** The process that started the task's latest attempt (`host pid N`); null before the first, or in stores before it was kept. */
  worker: string | null;
}

export interface BatchesTable {
  run_id: string;
  task_id: string;
  seq: number;
  entity: string;
  rows_read: number;
  skipped: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Records sent with a content hash back, and the sum of their checksums (16 hex digits). */
  checksum_count: number;
  checksum: string;
  duration_ms: number;
  recorded_at: string;
  /** Largest cursor-column value among the batch's rows, JSON; null without a cursor. */
  cursor_max: string | null;
  /** Rows whose cursor-column value is null; null in batches stored before it was kept (none counted). */
  null_cursor_rows: number | null;
}

export interface RejectionsTable {
  run_id: string;
  task_id: string;
  seq: number;
  /** Position of the row within its batch. */
  position: number;
  entity: string;
  external_id: string | null;
  /** Where it was rejected: `transform` (by the mapping) or `core`. */
  stage: string;
  /** `RecordError[]`, JSON. */
  errors_json: string;
  /** The source row, JSON. */
  row_json: string;
}

export interface WatermarksTable {
  /** Where the records went: core's URL and a fingerprint of the tenant's token (never the token). */
  target: string;
  source_name: string;
  stream: string;
  cursor_column: string;
  value_json: string;
  run_id: string;
  updated_at: string;
}

/** Who works a run now: one lease per run, renewed by its holder (see `RunLocks`). */
export interface RunLocksTable {
  run_id: string;
  holder_id: string;
  pid: number;
  host: string;
  acquired_at: string;
  expires_at: string;
}

/** An external id a mirror run saw (sent to core, or rejected with a known id); written only for mirror runs. */
export interface SeenIdsTable {
  run_id: string;
  entity: string;
  external_id: string;
}

/** An entity of a mirror run with a row whose external id is unknown: its deletions are skipped. */
export interface MirrorGapsTable {
  run_id: string;
  entity: string;
  reason: string;
}

/** An external id a mirror run marked deleted in core (or found deleted by its own earlier attempt). */
export interface DeletionsTable {
  run_id: string;
  entity: string;
  external_id: string;
}

/** A member of a group of duplicates in a run's merge plan (see `MergeStore`). */
export interface MergesTable {
  run_id: string;
  entity: string;
  external_id: string;
  survivor_id: string;
  emit: number;
  record_json: string | null;
  rule: string;
}

/** A process that worked a run, and when it first did (its execution began, or its first task). */
export interface RunStartsTable {
  run_id: string;
  /** `host pid N` and a random suffix: unique per process, even when a pid comes again. */
  process: string;
  started_at: string;
}

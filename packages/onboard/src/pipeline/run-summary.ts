import type { EntityTotals, RunStatus } from '../store/run-records.ts';
import type { EntityMerges } from './merge-report.ts';
import type { EntityMirror } from './mirror.ts';

/** One entity's reconciliation of what the run loaded against what core holds for the source. */
export interface EntityReconciliation {
  readonly entity: string;
  /** Records core accepted in this run (created, updated or unchanged), and their checksum. */
  readonly loaded: number;
  readonly checksum: string;
  /** What core's `GET /v1/stats` reports for the source; null when unavailable. */
  readonly coreCount: number | null;
  readonly coreChecksum: string | null;
  /** `match`: counts and checksums agree; `mismatch`: they do not; `unavailable`: core gave no stats; `skipped`: an entity not read whole (a dry run, an incremental read past a watermark), see `reason`. */
  readonly status: 'match' | 'mismatch' | 'unavailable' | 'skipped';
  /** Why it was skipped (a dry run; an incremental read past a watermark). */
  readonly reason?: string;
}

/** How a run (or one execution of it) ended. */
export interface RunSummary {
  readonly runId: string;
  readonly status: RunStatus;
  readonly dryRun: boolean;
  /** From the run's first start to its end (or now): every execution, and any time between them. */
  readonly durationMs: number;
  /** How long this execution took, when it resumed a run started earlier; absent otherwise. */
  readonly resumeMs?: number;
  readonly entities: readonly EntityTotals[];
  readonly reconciliation: readonly EntityReconciliation[];
  readonly failed: readonly { readonly taskId: string; readonly error: string }[];
  /** Per entity, records a `--mirror` run marked deleted (children first); absent without `--mirror`. */
  readonly mirror?: readonly EntityMirror[];
  /** Per entity with a `merge:` rule, the duplicates merged (the run's merge plan); absent when none. */
  readonly merges?: readonly EntityMerges[];
}

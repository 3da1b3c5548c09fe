import type { BatchResult } from '../store/run-records.ts';
import type { RunSummary } from './run-summary.ts';

/** One entity as the progress display knows it. */
export interface EntityProgressInfo {
  readonly entity: string;
  readonly phase: number;
  /** Rows expected; null when the source cannot estimate. */
  readonly estimatedRows: number | null;
  /** Rows already read before this execution (a resumed run). */
  readonly alreadyRead: number;
}

/** Shows a run's progress; every method is cheap and never throws. */
export interface ProgressReporter {
  start(runId: string, entities: readonly EntityProgressInfo[]): void;
  /** A batch was recorded. */
  batch(batch: BatchResult): void;
  /** A notable event (retry, phase start...). */
  note(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** The run ended; prints the summary. */
  finish(summary: RunSummary): void;
}

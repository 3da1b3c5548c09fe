import type { Row, SourceValue } from '../connectors/value.ts';
import type { LoadedResult } from '../loader/isolate-poison.ts';
import type { RequestBody } from '../loader/request-body.ts';
import type { BatchResult, Rejection } from '../store/run-records.ts';
import { batchChecksum } from './batch-checksum.ts';

/** A batch as the task runner builds it, before core answers. */
export interface BatchDraft {
  readonly seq: number;
  readonly rowsRead: number;
  readonly skipped: number;
  /** Last row's key, for the checkpoint; null for a stream read whole. */
  readonly after: readonly SourceValue[] | null;
  /** Largest cursor-column value among the batch's rows (null without a cursor column). */
  readonly cursorMax: SourceValue;
  /** Rows whose cursor-column value is null (0 without a cursor column): see `BatchResult.nullCursorRows`. */
  readonly nullCursorRows?: number;
  /** Rows rejected by the mapping (or too large to send). */
  readonly rejections: readonly Rejection[];
  /** The request body of its records (see `RequestBody`). */
  readonly body: RequestBody;
  readonly externalIds: readonly string[];
  /** Source row and position of each record, for rejections. */
  readonly rows: readonly Row[];
  readonly positions: readonly number[];
}

/** Folds core's per-record results into the batch's counts, rejections and checksum. */
export function batchOutcome(
  ids: { readonly runId: string; readonly taskId: string; readonly entity: string },
  draft: Omit<BatchDraft, 'body'>,
  results: readonly LoadedResult[],
  durationMs: number,
): BatchResult {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: draft.rejections.length };
  const rejections = [...draft.rejections];
  const hashes = new Map<string, string>();
  results.forEach((result, i) => {
    if (result.outcome === 'rejected') {
      counts.rejected += 1;
      rejections.push({
        position: draft.positions[i] ?? -1,
        entity: ids.entity,
        externalId: result.externalId,
        stage: 'core',
        errors: result.errors ?? [],
        row: draft.rows[i] ?? null,
      });
      return;
    }
    counts[result.outcome] += 1;
    if (result.contentHash !== undefined) {
      hashes.delete(result.externalId);
      hashes.set(result.externalId, result.contentHash);
    }
  });
  const checksum = batchChecksum(hashes);
  return {
    ...ids,
    seq: draft.seq,
    rowsRead: draft.rowsRead,
    skipped: draft.skipped,
    ...counts,
    checksumCount: checksum.count,
    checksum: checksum.value,
    durationMs,
    after: draft.after,
    cursorMax: draft.cursorMax,
    ...(draft.nullCursorRows ? { nullCursorRows: draft.nullCursorRows } : {}),
    rejections,
    sentIds: draft.externalIds,
  };
}

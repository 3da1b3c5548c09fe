import { hash as hashOf } from 'node:crypto';
import type { ImportBatchResponse, RecordError, RecordOutcome, RecordResult } from './import-batch.ts';

/**
 * The compact form of an import's response, for a client that asks for it with
 * `Accept: application/vnd.madeup.import-compact+json` (core answers every other client with
 * `ImportBatchResponse` as JSON). The same per-record outcomes, ids, content hashes, deferred
 * references and errors, without repeating per record what the client sent or member names: for
 * 1000 created records about 75 kB instead of about 120 kB, and one string per column instead of
 * an object per record to write and to parse.
 *
 * Position `k` is the k-th record of the request. The external ids of records that were not
 * rejected are the ones the client sent at those positions; `externalIdsDigest` lets the client
 * check that core read the same ids in the same order (see `externalIdsDigest`).
 */
export interface CompactImportResponse {
  readonly entity: string;
  readonly source: string;
  readonly dryRun: boolean;
  readonly counts: ImportBatchResponse['counts'];
  /** One letter per record, in request order: c created, u updated, n unchanged, r rejected. */
  readonly outcomes: string;
  /** The id of each record not rejected, in order, comma-separated ('' for one created in a dry run). */
  readonly ids: string;
  /** The 64-hex-digit content hash of each record not rejected, in order, concatenated. */
  readonly hashes: string;
  /** `externalIdsDigest` of the external ids core read, in request order (rejected ones as reported). */
  readonly externalIdsDigest: string;
  /** Deferred references by request position (only records that have some). */
  readonly deferred?: Readonly<Record<string, readonly string[]>>;
  /** The rejected records by request position. */
  readonly rejected?: Readonly<
    Record<
      string,
      {
        readonly externalId: string;
        readonly errors: readonly RecordError[];
        readonly errorsOmitted?: number;
      }
    >
  >;
  readonly errorsOmitted?: number;
}

/** The media type a client asks for (`Accept`) to get `CompactImportResponse`s. */
export const COMPACT_IMPORT_MEDIA_TYPE = 'application/vnd.madeup.import-compact+json';

const HASH_LENGTH = 64;
const LETTER: Readonly<Record<RecordOutcome, string>> = {
  created: 'c',
  updated: 'u',
  unchanged: 'n',
  rejected: 'r',
};
const OUTCOME: Readonly<Record<string, RecordOutcome>> = {
  c: 'created',
  u: 'updated',
  n: 'unchanged',
  r: 'rejected',
};

/**
 * sha256 of the external ids joined by newlines, as hex: the joined text hashed in one call (a
 * batch's ids are a few kB), not one `update` per id. Joined, ids holding a newline would not be
 * told from others (`['a', 'a\na']` from the same two swapped), so when one does, the text hashed
 * is a NUL (which starts no id core accepts) and the ids as a JSON array; ids without a newline
 * keep the digest they always had.
 */
export function externalIdsDigest(externalIds: readonly string[]): string {
  const text = externalIds.some((id) => id.includes('\n'))
    ? `\u0000${JSON.stringify(externalIds)}`
    : externalIds.join('\n');
  return hashOf('sha256', text, 'hex');
}

/** The compact form of `response` (core's side). */
export function encodeCompactImport(response: ImportBatchResponse): CompactImportResponse {
  let outcomes = '';
  const ids: string[] = [];
  let hashes = '';
  const externalIds: string[] = new Array(response.results.length);
  let deferred: Record<string, readonly string[]> | undefined;
  let rejected:
    | Record<string, { externalId: string; errors: readonly RecordError[]; errorsOmitted?: number }>
    | undefined;
  const results = response.results;
  for (let k = 0; k < results.length; k++) {
    const r = results[k] as RecordResult;
    outcomes += LETTER[r.outcome];
    externalIds[k] = r.externalId;
    if (r.outcome === 'rejected') {
      rejected ??= {};
      rejected[k] =
        r.errorsOmitted === undefined
          ? { externalId: r.externalId, errors: r.errors ?? [] }
          : { externalId: r.externalId, errors: r.errors ?? [], errorsOmitted: r.errorsOmitted };
      continue;
    }
    ids.push(r.id ?? '');
    const hash = r.contentHash ?? '';
    if (hash.length !== HASH_LENGTH)
      throw new Error(`record ${k}: content hash of ${hash.length} characters`);
    hashes += hash;
    if (r.deferred !== undefined && r.deferred.length > 0) {
      deferred ??= {};
      deferred[k] = r.deferred;
    }
  }
  return {
    entity: response.entity,
    source: response.source,
    dryRun: response.dryRun,
    counts: response.counts,
    outcomes,
    ids: ids.join(','),
    hashes,
    externalIdsDigest: externalIdsDigest(externalIds),
    ...(deferred === undefined ? {} : { deferred }),
    ...(rejected === undefined ? {} : { rejected }),
    ...(response.errorsOmitted === undefined ? {} : { errorsOmitted: response.errorsOmitted }),
  };
}

/** A compact response that does not fit the request it answers. */
export class CompactImportMismatchError extends Error {
  override readonly name = 'CompactImportMismatchError';
}

/**
 * The `ImportBatchResponse` a compact response stands for (the client's side), given the external
 * ids sent, in order. Throws `CompactImportMismatchError` when it does not fit them: another count
 * of records, or external ids core read differently (`externalIdsDigest`).
 */
export function decodeCompactImport(
  compact: CompactImportResponse,
  sentExternalIds: readonly string[],
): ImportBatchResponse {
  const { outcomes } = compact;
  if (outcomes.length !== sentExternalIds.length)
    throw new CompactImportMismatchError(
      `${outcomes.length} outcomes for ${sentExternalIds.length} records sent`,
    );
  let written = 0;
  for (let k = 0; k < outcomes.length; k++) if (outcomes[k] !== 'r') written += 1;
  // Joined with commas: no record written is '', one with an empty id is '' too, told apart by `outcomes`.
  const ids = written === 0 ? [] : compact.ids.split(',');
  if (ids.length !== written)
    throw new CompactImportMismatchError(`${ids.length} ids for ${written} records written`);
  if (compact.hashes.length !== written * HASH_LENGTH)
    throw new CompactImportMismatchError(
      `${compact.hashes.length / HASH_LENGTH} hashes for ${written} records written`,
    );
  const results: RecordResult[] = new Array(outcomes.length);
  const externalIds: string[] = new Array(outcomes.length);
  let w = 0;
  for (let k = 0; k < outcomes.length; k++) {
    const outcome = OUTCOME[outcomes[k] as string];
    if (outcome === undefined) throw new CompactImportMismatchError(`unknown outcome letter ${outcomes[k]}`);
    if (outcome === 'rejected') {
      const r = compact.rejected?.[k];
      if (r === undefined) throw new CompactImportMismatchError(`record ${k}: rejected without its errors`);
      externalIds[k] = r.externalId;
      results[k] =
        r.errorsOmitted === undefined
          ? { externalId: r.externalId, outcome, errors: r.errors }
          : { externalId: r.externalId, outcome, errors: r.errors, errorsOmitted: r.errorsOmitted };
      continue;
    }
    const externalId = sentExternalIds[k] as string;
    externalIds[k] = externalId;
    const id = ids[w] ?? '';
    const contentHash = compact.hashes.slice(w * HASH_LENGTH, (w + 1) * HASH_LENGTH);
    const deferred = compact.deferred?.[k];
    w += 1;
    const result: { -readonly [K in keyof RecordResult]: RecordResult[K] } = { externalId, outcome };
    if (id !== '') result.id = id;
    result.contentHash = contentHash;
    if (deferred !== undefined) result.deferred = deferred;
    results[k] = result;
  }
  if (externalIdsDigest(externalIds) !== compact.externalIdsDigest)
    throw new CompactImportMismatchError('core read other external ids than the ones sent');
  return {
    entity: compact.entity,
    source: compact.source,
    dryRun: compact.dryRun,
    counts: compact.counts,
    results,
    ...(compact.errorsOmitted === undefined ? {} : { errorsOmitted: compact.errorsOmitted }),
  };
}

import type { RecordErrorCode } from './record-error-codes.ts';

/**
 * The bulk import API: `POST /v1/import/{entity}` with a tenant token.
 *
 * Query: `dryRun=true` validates and reports without writing.
 * Headers: `Idempotency-Key` makes a retried request return the stored response.
 */

/** One record to create or update, keyed by (source, externalId). */
export interface ImportRecord {
  /** The record's id in the source system; 1..`MAX_EXTERNAL_ID_LENGTH` (255) characters. */
  readonly externalId: string;
  /** Field values by field name, as `SchemaDocument` describes them. Omitted fields are left as they are on update. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Reference name -> the parent's external id in the same source; null clears the reference. */
  readonly refs?: Readonly<Record<string, string | null>>;
}

/** The request body. */
export interface ImportBatchRequest {
  /** The source system the external ids belong to, e.g. `vendor-x`; see `SOURCE_NAME_PATTERN`. */
  readonly source: string;
  /**
   * When a referenced parent does not exist yet: false (default) rejects the record with
   * `unresolved_reference`; true stores the record with the reference pending, and core resolves it
   * when the parent arrives (for self-references and cycles).
   */
  readonly deferUnresolved?: boolean;
  readonly records: readonly ImportRecord[];
}

/** What happened to one record. */
export type RecordOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

/** Why a record was rejected. `field` is a path: `fields.email`, `fields.address.city`, `refs.manager`, `externalId`. */
export interface RecordError<Code extends string = RecordErrorCode> {
  readonly field: string;
  /** Stable machine code: one of `RECORD_ERROR_CODES` from core; a client may add its own (`Code`). */
  readonly code: Code;
  readonly message: string;
}

/** The result for one record, in input order. */
export interface RecordResult {
  readonly externalId: string;
  readonly outcome: RecordOutcome;
  /** Core's id of the record (absent when rejected, or created in a dry run). */
  readonly id?: string;
  /** Hash of the record's stored content; the per-source checksum combines these (see `combineChecksum`). */
  readonly contentHash?: string;
  /** References stored as pending because their parent does not exist yet. */
  readonly deferred?: readonly string[];
  /** Why the record was rejected: the first few of its errors (core returns at most 10 per record). */
  readonly errors?: readonly RecordError[];
  /** How many more errors of this record were left out of `errors`. */
  readonly errorsOmitted?: number;
}

/** Counts per outcome in one response. */
export interface OutcomeCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

/** The response body (HTTP 200 even when some records are rejected). */
export interface ImportBatchResponse {
  readonly entity: string;
  readonly source: string;
  readonly dryRun: boolean;
  readonly counts: OutcomeCounts;
  readonly results: readonly RecordResult[];
  /**
   * Record errors left out of this response in all (the sum of the records' `errorsOmitted`):
   * core returns at most 1,000 record errors per response, and always each rejected record's first.
   */
  readonly errorsOmitted?: number;
}

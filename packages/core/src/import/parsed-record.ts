import type { RecordError } from '@madeup/contract';

/** A record whose shape and values passed validation, in canonical form. */
export interface ParsedRecord {
  /** Position in the request. */
  readonly index: number;
  readonly externalId: string;
  /**
   * Canonical wire value of every leaf, in `entity.leaves` order; `undefined` where the record
   * does not carry the field (arrays, not maps: no per-record map to build and look up).
   */
  readonly values: readonly unknown[];
  /** Parent external id (null clears) of every reference, in `entity.refs` order; `undefined` where not carried. */
  readonly refs: readonly (string | null | undefined)[];
}

/** The outcome of parsing one record: the record, or every error found in it. */
export type ParseOutcome =
  | { readonly ok: true; readonly record: ParsedRecord }
  | { readonly ok: false; readonly externalId: string; readonly errors: readonly RecordError[] };

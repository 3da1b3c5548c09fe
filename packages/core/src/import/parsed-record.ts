import type { RecordError } from '@madeup/contract';

/** A record whose shape and values passed validation, in canonical form. */
export interface ParsedRecord {
  /** Position in the request. */
  readonly index: number;
  readonly externalId: string;
  /** Column -> canonical wire value, only for the fields the record carries. */
  readonly values: ReadonlyMap<string, unknown>;
  /** Reference name -> parent external id (null clears), only for the references it carries. */
  readonly refs: ReadonlyMap<string, string | null>;
}

/** The outcome of parsing one record: the record, or every error found in it. */
export type ParseOutcome =
  | { readonly ok: true; readonly record: ParsedRecord }
  | { readonly ok: false; readonly externalId: string; readonly errors: readonly RecordError[] };

import type { ColumnInfo } from '../connector.ts';
import type { SourceJson, SourceValue, ValueType } from '../value.ts';

/** The columns onboard adds to every file stream: which file, and which record in it (1-based). */
export const FILE_COLUMN = '_source_file';
export const ROW_COLUMN = '_source_row';
/** The key of file streams: stable order (files by name, records in file order) and resumable. */
export const FILE_KEY = [FILE_COLUMN, ROW_COLUMN] as const;

export const POSITION_COLUMNS: readonly ColumnInfo[] = [
  { name: FILE_COLUMN, type: 'string', nativeType: 'file name', nullable: false },
  { name: ROW_COLUMN, type: 'integer', nativeType: 'record number', nullable: false },
];

/**
 * CSV columns are all `string`: CSV has no types, and guessing from a sample gives different
 * answers for different files of one stream. Mappings cast explicitly.
 */
export function csvColumn(name: string): ColumnInfo {
  return { name, type: 'string', nativeType: 'csv text', nullable: true };
}

/** The type of one NDJSON value, as JSON.parse gave it. */
export function jsonValueType(value: unknown): ValueType | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer' : 'float';
  return 'json';
}

/** Merges two observed types of a column: integer+float = float, any other mix = json. */
export function mergeTypes(a: ValueType | undefined, b: ValueType | undefined): ValueType | undefined {
  if (a === undefined || a === b) return b ?? a;
  if (b === undefined) return a;
  if ((a === 'integer' && b === 'float') || (a === 'float' && b === 'integer')) return 'float';
  return 'json';
}

/** An NDJSON value in the value model: JSON scalars stay as they are, objects and arrays are `json`. */
export function ndjsonValue(value: unknown): SourceValue {
  if (value === undefined) return null;
  return value as SourceValue | SourceJson;
}

import type { ColumnSpec } from '../shared/column-spec.ts';
import type { ValueType } from '../value.ts';
import { type SqliteAffinity, sqliteAffinity } from './affinity.ts';

/** What `typeof()` says of a stored value (besides `null`). */
export type StorageClass = 'integer' | 'real' | 'text' | 'blob';

const ALL: readonly StorageClass[] = ['integer', 'real', 'text', 'blob'];

/**
 * The storage classes each value-model type reads without silent loss. Types whose converters
 * parse what they get (booleans, times, JSON, uuids) take any class: a value they cannot read
 * becomes null with a warning naming it. The others would corrupt or drop values of other classes
 * (a text as base64, a real as null), so those classes change the column's type.
 */
const READS: Record<ValueType, readonly StorageClass[]> = {
  integer: ['integer'],
  bigint: ['integer'],
  float: ['integer', 'real'],
  decimal: ['integer', 'real'],
  string: ['text', 'integer', 'real'],
  binary: ['blob'],
  boolean: ALL,
  timestamp: ALL,
  date: ALL,
  time: ALL,
  json: ALL,
  uuid: ALL,
};

/**
 * Maps a SQLite column to the value model. SQLite stores any value in any column: the declaration
 * only gives an affinity (see `sqliteAffinity`), so the mapping starts from it — refined by common
 * names within that affinity (`BOOLEAN`, `DATETIME`, `DATE`, `NUMERIC(10,2)`, `JSON`, `UUID`,
 * `BIGINT`) — and then the storage classes the column actually holds (`stored`, from `typeof()` on a
 * sample, see `sampleStorageClasses`) win when the declared type could not read them all:
 *
 * - only integers: `integer`; only reals, or reals and integers: `float` when the declaration says
 *   float (`REAL`, `FLOA`, `DOUB`), otherwise `decimal` (exact: keeps 64-bit integers and reals);
 * - any text: `string` (numbers as their text, blobs as UTF-8), except that a column declared
 *   binary that holds blobs and text stays `binary` (text as its UTF-8 bytes): only that is lossless;
 * - blobs and no text: `binary`.
 *
 * Without a declared type and without sampled values a column is a `string`.
 */
export function sqliteColumnSpec(
  declared: string | null,
  stored: ReadonlySet<StorageClass> = new Set(),
): ColumnSpec {
  const type = (declared ?? '').toUpperCase().trim();
  const affinity = sqliteAffinity(type);
  const spec = byDeclaration(type, affinity);
  const fits = spec !== undefined && [...stored].every((c) => READS[spec.type].includes(c));
  return { ...(fits ? spec : byStorage(type, affinity, stored, spec)), affinity };
}

/** The type the declaration names within its affinity; undefined: the stored values decide. */
function byDeclaration(type: string, affinity: SqliteAffinity): ColumnSpec | undefined {
  const scale = /\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(type)?.[1];
  const temporal = (): ColumnSpec | undefined => {
    if (/^(DATETIME|TIMESTAMP)/.test(type))
      return { type: 'timestamp', ...(type.includes('TZ') || type.includes('ZONE') ? { zoned: true } : {}) };
    if (/^DATE\b/.test(type)) return { type: 'date' };
    if (/^TIME\b/.test(type)) return { type: 'time' };
    return undefined;
  };
  switch (affinity) {
    case 'INTEGER':
      if (type.includes('BOOL')) return { type: 'boolean' };
      if (/^(BIGINT|INT8|UNSIGNED BIG INT)/.test(type)) return { type: 'bigint' };
      return { type: 'integer' };
    case 'TEXT':
      if (/^JSON/.test(type)) return { type: 'json' };
      if (/^UUID/.test(type)) return { type: 'uuid' };
      return temporal() ?? { type: 'string' };
    case 'BLOB':
      if (type === '') return undefined;
      return /^UUID/.test(type) ? { type: 'uuid' } : { type: 'binary' };
    case 'REAL':
      return { type: 'float' };
    case 'NUMERIC':
      if (type.includes('BOOL')) return { type: 'boolean' };
      if (/^(DECIMAL|NUMERIC|MONEY)/.test(type))
        return { type: 'decimal', ...(scale !== undefined ? { scale: Number(scale) } : {}) };
      if (/^JSON/.test(type)) return { type: 'json' };
      if (/^UUID/.test(type)) return { type: 'uuid' };
      if (type.includes('BINARY')) return { type: 'binary' };
      return temporal();
  }
}

/** The type the stored values call for, when the declaration names none that reads them all. */
function byStorage(
  type: string,
  affinity: SqliteAffinity,
  stored: ReadonlySet<StorageClass>,
  declared: ColumnSpec | undefined,
): ColumnSpec {
  if (stored.size === 0) return declared ?? { type: affinity === 'NUMERIC' ? 'decimal' : 'string' };
  if (stored.has('text'))
    return stored.has('blob') && declared?.type === 'binary' ? declared : { type: 'string' };
  if (stored.has('blob')) return { type: 'binary' };
  if (!stored.has('real')) return { type: 'integer' };
  if (affinity === 'REAL' || /REAL|FLOA|DOUB/.test(type)) return { type: 'float' };
  return declared?.type === 'decimal' ? declared : { type: 'decimal' };
}

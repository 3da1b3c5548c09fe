import type { ColumnSpec } from '../shared/column-spec.ts';

/**
 * Maps a declared SQLite column type to the value model, by the same substring rules SQLite uses
 * for affinity, refined by common names (`DATETIME`, `BOOLEAN`, `NUMERIC(10,2)`, `JSON`). SQLite
 * stores any value in any column, so its converters always check what arrives.
 */
export function sqliteColumnSpec(declared: string | null): ColumnSpec {
  const type = (declared ?? '').toUpperCase().trim();
  const scale = /\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(type)?.[1];
  if (type === '') return { type: 'string' };
  if (type.includes('BOOL')) return { type: 'boolean' };
  if (/^(BIGINT|INT8|UNSIGNED BIG INT)/.test(type)) return { type: 'bigint' };
  if (type.includes('INT')) return { type: 'integer' };
  if (/^(DATETIME|TIMESTAMP)/.test(type))
    return { type: 'timestamp', ...(type.includes('TZ') || type.includes('ZONE') ? { zoned: true } : {}) };
  if (/^DATE\b/.test(type)) return { type: 'date' };
  if (/^TIME\b/.test(type)) return { type: 'time' };
  if (/^(DECIMAL|NUMERIC|MONEY)/.test(type))
    return { type: 'decimal', ...(scale !== undefined ? { scale: Number(scale) } : {}) };
  if (/REAL|FLOA|DOUB/.test(type)) return { type: 'float' };
  if (/^UUID/.test(type)) return { type: 'uuid' };
  if (/^JSON/.test(type)) return { type: 'json' };
  if (type.includes('BLOB') || type.includes('BINARY')) return { type: 'binary' };
  return { type: 'string' };
}

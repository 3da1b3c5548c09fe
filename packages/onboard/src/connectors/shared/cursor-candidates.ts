import type { ColumnInfo } from '../connector.ts';

const UPDATED =
  /(^|_)(updated|modified|changed|last_?update|last_?modified|mtime)(_|$)|^(updated|modified|lastupdate|lastmodified)/i;
const CREATED = /(^|_)(created|inserted)(_|$)|^(created|inserted)/i;

/**
 * Columns fit for incremental reads, best first: timestamps named like `updated_at` or `last_update`
 * (also `UpdatedAt`), then `created_at`-like ones, then an integer `version`/`rowversion`.
 */
export function cursorCandidates(columns: readonly ColumnInfo[]): string[] {
  const score = (column: ColumnInfo): number => {
    const name = column.name.replace(/([a-z])([A-Z])/g, '$1_$2');
    const temporal = column.type === 'timestamp' || column.type === 'date';
    if (temporal && UPDATED.test(name)) return 3;
    if (temporal && CREATED.test(name)) return 2;
    if ((column.type === 'integer' || column.type === 'bigint') && /^(row_?)?version$/i.test(name)) return 1;
    return 0;
  };
  return columns
    .map((column) => ({ column, score: score(column) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.column.name);
}

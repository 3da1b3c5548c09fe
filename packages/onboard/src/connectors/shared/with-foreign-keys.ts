import type { ForeignKeyInfo } from '../connector.ts';
import type { SqlStream } from './sql-driver.ts';

/** One column pair of a foreign key as catalogs list them: a row per column, in key order. */
export interface ForeignKeyColumn {
  /** Groups the columns of one constraint (its name or id), within the referencing table. */
  readonly constraint: string;
  readonly table: string;
  readonly column: string;
  readonly target: string;
  readonly targetColumn: string;
}

/**
 * Adds the declared foreign keys to the discovered tables. `rows` are in key order within each
 * constraint; a key whose target is not among the discovered streams is left out.
 */
export function withForeignKeys(
  streams: readonly SqlStream[],
  rows: readonly ForeignKeyColumn[],
  tableOf: (stream: SqlStream) => string,
): SqlStream[] {
  const known = new Map(streams.map((stream) => [tableOf(stream), stream.info.name]));
  return streams.map((stream) => {
    if (stream.info.kind !== 'table') return stream;
    const byConstraint = new Map<string, ForeignKeyColumn[]>();
    for (const row of rows) {
      if (row.table !== tableOf(stream)) continue;
      byConstraint.set(row.constraint, [...(byConstraint.get(row.constraint) ?? []), row]);
    }
    const keys: ForeignKeyInfo[] = [];
    for (const columns of byConstraint.values()) {
      const target = known.get(columns[0]!.target);
      if (target === undefined) continue;
      keys.push({
        columns: columns.map((c) => c.column),
        target,
        references: columns.map((c) => c.targetColumn),
      });
    }
    return keys.length === 0 ? stream : { ...stream, info: { ...stream.info, foreignKeys: keys } };
  });
}

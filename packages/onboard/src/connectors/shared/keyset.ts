import type { SqlDialect } from './sql-dialect.ts';

/** A piece of SQL with its parameters, in placeholder order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * `key op values`, compared as tuples in lexicographic order (`op` is `>` or `<=`). Parameters are
 * numbered from `firstParam` (1-based) so fragments can be joined.
 */
export function keysetCondition(
  dialect: SqlDialect,
  key: readonly string[],
  op: '>' | '<=',
  values: readonly unknown[],
  firstParam: number,
): SqlFragment {
  if (key.length !== values.length) {
    throw new Error(`keyset bound has ${values.length} values for a key of ${key.length} columns`);
  }
  const columns = key.map((column) => dialect.quote(column));
  if (key.length === 1 || dialect.rowValueComparison) {
    const placeholders = values.map((_, i) => dialect.placeholder(firstParam + i));
    const left = key.length === 1 ? columns[0] : `(${columns.join(', ')})`;
    const right = key.length === 1 ? placeholders[0] : `(${placeholders.join(', ')})`;
    return { sql: `${left} ${op} ${right}`, params: [...values] };
  }
  const params: unknown[] = [];
  const next = (value: unknown) => {
    params.push(value);
    return dialect.placeholder(firstParam + params.length - 1);
  };
  const strict = op === '>' ? '>' : '<';
  const branches = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((prefix, j) => `${prefix} = ${next(values[j])}`);
    const last = i === columns.length - 1 ? op : strict;
    return `(${[...equal, `${column} ${last} ${next(values[i])}`].join(' AND ')})`;
  });
  return { sql: `(${branches.join(' OR ')})`, params };
}

/**
 * `ORDER BY k1, k2` (empty string for no key); with `qualifier`, `ORDER BY q.k1, q.k2`: a query
 * whose select list names an expression after a key column (`CASE … END AS "id"`) must say so, as
 * SQLite orders by a select-list alias before a table column of the same name.
 */
export function orderBy(dialect: SqlDialect, key: readonly string[], qualifier?: string): string {
  const prefix = qualifier === undefined ? '' : `${qualifier}.`;
  return key.length === 0
    ? ''
    : ` ORDER BY ${key.map((column) => prefix + dialect.quote(column)).join(', ')}`;
}

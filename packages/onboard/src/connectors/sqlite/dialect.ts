import { quoteWith, type SqlDialect } from '../shared/sql-dialect.ts';

/** SQLite: double-quoted identifiers, `?` parameters, row values (SQLite >= 3.15) use the index. */
export const sqliteDialect: SqlDialect = {
  quote: (identifier) => quoteWith('"', identifier),
  placeholder: () => '?',
  rowValueComparison: true,
};

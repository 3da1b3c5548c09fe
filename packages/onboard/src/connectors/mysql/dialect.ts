import { quoteWith, type SqlDialect } from '../shared/sql-dialect.ts';

/**
 * MySQL/MariaDB: back-quoted identifiers, `?` parameters. Row-value comparisons are valid SQL but
 * are not always turned into index ranges, so composite keysets are expanded.
 */
export const mysqlDialect: SqlDialect = {
  quote: (identifier) => quoteWith('`', identifier),
  placeholder: () => '?',
  rowValueComparison: false,
};

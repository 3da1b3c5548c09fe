import { quoteWith, type SqlDialect } from '../shared/sql-dialect.ts';

/** PostgreSQL: double-quoted identifiers, `$n` parameters, row-value comparisons use the index. */
export const postgresDialect: SqlDialect = {
  quote: (identifier) => quoteWith('"', identifier),
  placeholder: (index) => `$${index}`,
  rowValueComparison: true,
};

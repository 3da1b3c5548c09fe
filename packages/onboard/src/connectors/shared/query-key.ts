import type { CustomQuery } from '../connector.ts';
import type { SqlStream } from './sql-driver.ts';

/**
 * Words of a query whose rows may differ from one execution to the next (a `LIMIT` without a total
 * order, a sample, a random function): each partition runs the query again, so such a query is
 * only split on a key the mapping declares.
 */
const UNSTABLE =
  /\b(LIMIT|OFFSET|FETCH|TABLESAMPLE|CURRENT_TIMESTAMP)\b|\b(RANDOM|RAND|NEWID|UUID|GEN_RANDOM_UUID|NOW|SYSDATE)\s*\(/i;

/**
 * A custom query's key: the one the mapping declares, else the first key a technology detected
 * from the result's column origins (`detected`, in key order) unless the query's text looks
 * unstable (see `UNSTABLE`), else none. Its source goes to `SqlStream.keySource`, so `partition`
 * checks it is unique before splitting on it.
 */
export function queryKey(
  query: CustomQuery,
  detected: readonly string[],
): { readonly key: readonly string[]; readonly source?: SqlStream['keySource'] } {
  if (query.primaryKey !== undefined && query.primaryKey.length > 0)
    return { key: query.primaryKey, source: 'declared' };
  if (detected.length > 0 && !UNSTABLE.test(query.sql)) return { key: detected, source: 'detected' };
  return { key: [] };
}

const QUERY_ALIAS = 'onboard_query';

/** `(sql) AS onboard_query`, ready for `FROM`: a custom query as a derived table. */
export function queryFrom(query: CustomQuery): string {
  return `(${query.sql.trim().replace(/;\s*$/, '')}) AS ${QUERY_ALIAS}`;
}

/** What qualifies a column of `from` (a quoted table or view name, or `queryFrom`'s derived table). */
export function fromQualifier(from: string): string {
  return from.endsWith(`) AS ${QUERY_ALIAS}`) ? QUERY_ALIAS : from;
}

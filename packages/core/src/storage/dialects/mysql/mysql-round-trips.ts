import type { PoolConnection } from 'mysql2';

type Callback = (error: unknown, result?: unknown, fields?: unknown) => void;
type Query = (...args: unknown[]) => unknown;

/** What Kysely takes for the result of a statement that returns no rows. */
const OK = { insertId: 0, affectedRows: 0, changedRows: 0 };

/**
 * A transaction's `begin` without a round trip of its own, on a MySQL/MariaDB connection opened
 * with `multipleStatements`: Kysely's `begin` is answered at once and held back, then sent in front
 * of the transaction's first statement (`BEGIN;\n<statement>`, one query), whose result is handed
 * back as if it had travelled alone. A transaction that ends before any statement sends neither its
 * `begin` nor its `commit`/`rollback`. Statements without a callback (the connection's setup) pass
 * through untouched.
 */
export function holdBegin(connection: PoolConnection): void {
  const query = connection.query.bind(connection) as Query;
  let held = false;
  const patched: Query = (...args) => {
    const [text, values, callback] = args;
    if (typeof text !== 'string' || typeof callback !== 'function') return query(...args);
    const verb = text.trim().toLowerCase();
    if (verb === 'begin' || (held && (verb === 'commit' || verb === 'rollback'))) {
      held = verb === 'begin';
      queueMicrotask(() => (callback as Callback)(null, OK));
      return undefined;
    }
    if (!held) return query(...args);
    held = false;
    return query(`BEGIN;\n${text}`, values, (error: unknown, results: unknown, fields: unknown) => {
      if (error) return (callback as Callback)(error);
      (callback as Callback)(null, withoutFirst(results), withoutFirst(fields));
    });
  };
  (connection as unknown as { query: Query }).query = patched;
}

/** The results after `BEGIN`'s: one statement's alone, several statements' as their array. */
function withoutFirst(results: unknown): unknown {
  if (!Array.isArray(results)) return results;
  return results.length === 2 ? results[1] : results.slice(1);
}

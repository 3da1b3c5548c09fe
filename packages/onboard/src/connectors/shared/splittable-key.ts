import type { ConnectorSettings } from '../connector-settings.ts';
import type { InexactKeyValues, SqlDriver, SqlStream } from './sql-driver.ts';

/**
 * Whether a stream's key may be split on: key ranges (`lower < key <= upper`) and resume points
 * (`key > after`) are bound by key values as onboard read them, so they split exactly only when
 * every key value binds back as the value stored, compares in the order `ORDER BY` gives, is never
 * null and (a custom query's key, which no constraint holds) never repeats. Otherwise a range or a
 * resumed read would miss or repeat rows, and the stream is read whole, in one partition, with a
 * warning saying why (none for a detected query key that repeats: the query simply has no key).
 *
 * - A key column whose type never binds back (`ColumnSpec.inexactKey`: a MariaDB FLOAT, ENUM or
 *   SET) is refused without a query.
 * - Otherwise one `SELECT 1 … LIMIT 1` looks for a row breaking the key: a null in a column that
 *   may hold one (a SQLite primary key other than the rowid), a value the driver says does not bind
 *   back (`SqlDriver.inexactKeyValues`), and for a custom query a repeat (one grouped scan).
 */
export async function splittableKey(
  driver: SqlDriver,
  found: SqlStream,
  settings: ConnectorSettings,
): Promise<boolean> {
  const { warn, timeZone } = settings;
  const { info } = found;
  const key = info.primaryKey;
  if (key.length === 0) return false;
  const what = `${info.kind === 'query' ? 'custom query' : info.kind} "${info.name}"`;
  const refuse = (why: string, advice: string) => {
    warn(`${what}: its key (${key.join(', ')}) ${why}, so it is read whole, in one partition; ${advice}`);
    return false;
  };
  const specs = key.map((column) => found.specs[info.columns.findIndex((c) => c.name === column)]);
  for (const [i, spec] of specs.entries()) {
    if (spec?.inexactKey !== undefined)
      return refuse(
        `cannot bound a key range: column "${key[i]}" ${spec.inexactKey}`,
        'declare a key of other columns in a custom query',
      );
  }
  const columns = key.map((column) => driver.dialect.quote(column));
  const nullable = key.flatMap((column, i) =>
    found.keySource !== undefined || info.columns.find((c) => c.name === column)?.nullable
      ? [`${columns[i]} IS NULL`]
      : [],
  );
  const inexact = specs.flatMap((spec, i): InexactKeyValues[] => {
    const values = spec && driver.inexactKeyValues?.(columns[i] as string, spec, timeZone);
    return values ? [{ sql: `(${values.sql})`, why: `column "${key[i]}" ${values.why}` }] : [];
  });
  const whys = [...new Set(inexact.map((values) => values.why))].join('; ');
  const breaking = [...nullable, ...inexact.map((values) => values.sql)];
  if (found.keySource === undefined) {
    if (breaking.length === 0) return true;
    const broken = await driver.query(
      `SELECT 1 FROM ${found.from} WHERE ${breaking.join(' OR ')} LIMIT 1`,
      [],
    );
    if (broken.length === 0) return true;
    const reasons = [
      ...(nullable.length > 0 ? ['NULL, which no key range reaches'] : []),
      ...(whys ? [whys] : []),
    ];
    return refuse(
      `may hold values that no key range or resume point splits exactly on (${reasons.join('; ')}), and a check found one`,
      'give every row a key that reads back as stored',
    );
  }
  const list = columns.join(', ');
  const broken = await driver.query(
    `SELECT 1 FROM (SELECT ${list}, count(*) AS onboard_rows FROM ${found.from} GROUP BY ${list}) AS onboard_keys` +
      ` WHERE onboard_rows > 1 OR ${breaking.join(' OR ')} LIMIT 1`,
    [],
  );
  if (broken.length === 0) return true;
  if (found.keySource === 'detected' && inexact.length === 0) return false;
  return refuse(
    `repeats or holds nulls${inexact.length > 0 ? ` or values that do not read back as stored (${whys})` : ''} in the query's result`,
    'declare a key that is unique',
  );
}

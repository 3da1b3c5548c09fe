import type { StreamInfo } from '../connectors/connector.ts';
import type { ValueType } from '../connectors/value.ts';

/**
 * The column types an incremental cursor may have: those onboard orders exactly as the source
 * does (numbers and decimals by value, dates, times and timestamps in time order). A database
 * orders text by its collation (`utf8mb4_general_ci` puts `B` after `a`, `en_US` skips
 * punctuation), which onboard cannot reproduce when it keeps the largest value read: a text cursor
 * would read rows again or miss them.
 */
const ORDERED: ReadonlySet<ValueType> = new Set<ValueType>([
  'integer',
  'bigint',
  'decimal',
  'float',
  'timestamp',
  'date',
  'time',
]);

/**
 * Why `column` of `info` cannot be a cursor, or undefined when it can. Files are read and compared
 * by onboard alone, so any of their columns can.
 */
export function cursorTypeProblem(info: StreamInfo, column: string): string | undefined {
  if (info.kind === 'file') return undefined;
  const found = info.columns.find((c) => c.name === column);
  if (found === undefined || found.unsupported !== undefined || ORDERED.has(found.type)) return undefined;
  return (
    `cursor column "${column}" of "${info.name}" has type ${found.nativeType} (${found.type}), which the ` +
    'source orders in a way onboard cannot reproduce (text by its collation), so incremental runs could ' +
    'read rows again or miss them; use a timestamp, date, integer or decimal column, or cast it in a custom query'
  );
}

import type { ColumnSpec } from '../shared/column-spec.ts';

/**
 * A parameter (a partition bound, a resume point, a cursor) in the form MySQL/MariaDB compares
 * without a warning:
 * - a 64-bit key as an integer (MySQL compares a BIGINT with a string as doubles);
 * - an instant (`2024-01-01T00:00:00.000000Z`, how values of TIMESTAMP columns are normalised) as
 *   `2024-01-01 00:00:00.000000`: the server reads the `Z` form right but logs warning 1292
 *   ("Truncated incorrect datetime value") for every such comparison. Dropping the `Z` is exact
 *   because the connector's sessions run at `time_zone = '+00:00'`.
 * Other values pass as they are.
 */
export function mysqlParam(value: unknown, spec: ColumnSpec): unknown {
  if (typeof value !== 'string') return value;
  if (spec.type === 'bigint') return /^-?\d+$/.test(value) ? BigInt(value) : value;
  if (spec.type === 'timestamp' && spec.zoned === true) {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/.exec(value);
    if (m !== null) return `${m[1]} ${m[2]}`;
  }
  return value;
}

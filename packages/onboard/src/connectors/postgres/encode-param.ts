import type { ColumnSpec } from '../shared/column-spec.ts';

/**
 * A date or timestamp parameter (a partition bound, a resume point, a cursor) in the form
 * PostgreSQL reads: the value model writes years after 9999 and before 1 in ISO 8601's expanded
 * form (`+010000-01-01`, `-000043-03-15`, `0000-...` for 1 BC), which PostgreSQL refuses ("time
 * zone displacement out of range"); it reads `10000-01-01` and `0044-03-15 BC`. Other values pass
 * as they are.
 */
export function postgresParam(value: unknown, spec: ColumnSpec): unknown {
  if ((spec.type !== 'date' && spec.type !== 'timestamp') || typeof value !== 'string') return value;
  const m = /^([+-]\d{6}|\d{4})(-.*)$/.exec(value);
  if (m === null) return value;
  const year = Number(m[1]);
  const rest = m[2] as string;
  if (year >= 1) return `${String(year).padStart(4, '0')}${rest}`;
  return `${String(1 - year).padStart(4, '0')}${rest} BC`;
}

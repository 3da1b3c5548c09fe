import type { ColumnSpec } from '../shared/column-spec.ts';

/** The catalog facts that decide how a PostgreSQL column is read. */
export interface PostgresType {
  /** `pg_type.typname` of the column's type (of its base type for a domain). */
  readonly typname: string;
  /** `pg_type.typtype`: `b` base, `e` enum, `d` domain, `c` composite, `r` range, ... */
  readonly typtype: string;
  /** `pg_type.typcategory`: `A` for arrays. */
  readonly category: string;
  /** For an array: its element type (of the element's base type for a domain). */
  readonly element?: PostgresType;
}

const STRING: ColumnSpec = { type: 'string' };

/**
 * Every type onboard reads, and how. Text-like types are read as the server prints them (sessions
 * run with `IntervalStyle=iso_8601`, so an interval is `P1DT2H`); `money` is read as `numeric`, so
 * no currency symbol or locale separators reach the value.
 */
const BY_NAME: Record<string, ColumnSpec> = {
  int2: { type: 'integer' },
  int4: { type: 'integer' },
  oid: { type: 'integer' },
  int8: { type: 'bigint' },
  numeric: { type: 'decimal' },
  money: { type: 'decimal', readAs: 'numeric' },
  float4: { type: 'float' },
  float8: { type: 'float' },
  bool: { type: 'boolean' },
  text: STRING,
  varchar: STRING,
  bpchar: STRING,
  char: STRING,
  name: STRING,
  citext: STRING,
  inet: STRING,
  cidr: STRING,
  macaddr: STRING,
  macaddr8: STRING,
  xml: STRING,
  timetz: STRING,
  interval: STRING,
  bit: STRING,
  varbit: STRING,
  tsvector: STRING,
  tsquery: STRING,
  pg_lsn: STRING,
  timestamp: { type: 'timestamp' },
  timestamptz: { type: 'timestamp', zoned: true },
  date: { type: 'date' },
  time: { type: 'time' },
  bytea: { type: 'binary' },
  json: { type: 'json' },
  jsonb: { type: 'json' },
  uuid: { type: 'uuid' },
};

/**
 * Maps a PostgreSQL type to the value model. Enums and ranges are read as their text; an array is
 * a JSON list (nested for more dimensions) of its elements, each read as a column of the element
 * type would be (selected as `text[]`, then converted), when that element type is readable from
 * its text (not `bytea`, not `money`). Any other type (geometric, composite, extension types) gets a cast hint instead: reading
 * it is refused.
 */
export function postgresColumnSpec(type: PostgresType, column: string): ColumnSpec {
  const quoted = `"${column.replaceAll('"', '""')}"`;
  if (type.category === 'A') {
    const element = type.element && scalarSpec(type.element);
    if (element && element.type !== 'binary' && element.readAs === undefined)
      return { type: 'json', readAs: 'text[]', element };
    return { type: 'json', castHint: `array_to_json(${quoted}::text[])` };
  }
  return scalarSpec(type) ?? { type: 'string', castHint: `${quoted}::text` };
}

function scalarSpec(type: PostgresType): ColumnSpec | undefined {
  if (type.typtype === 'e' || type.typtype === 'r' || type.typtype === 'm') return STRING;
  return BY_NAME[type.typname];
}

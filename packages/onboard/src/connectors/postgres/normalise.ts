import pg from 'pg';
import type { ColumnSpec } from '../shared/column-spec.ts';

/** The catalog facts that decide how a PostgreSQL column is read. */
export interface PostgresType {
  /** `pg_type.typname` of the column's type (of its base type for a domain). */
  readonly typname: string;
  /** `pg_type.typtype`: `b` base, `e` enum, `d` domain, ... */
  readonly typtype: string;
  /** `pg_type.typcategory`: `A` for arrays. */
  readonly category: string;
}

const BY_NAME: Record<string, ColumnSpec> = {
  int2: { type: 'integer' },
  int4: { type: 'integer' },
  oid: { type: 'integer' },
  int8: { type: 'bigint' },
  numeric: { type: 'decimal' },
  float4: { type: 'float' },
  float8: { type: 'float' },
  bool: { type: 'boolean' },
  text: { type: 'string' },
  varchar: { type: 'string' },
  bpchar: { type: 'string' },
  char: { type: 'string' },
  name: { type: 'string' },
  citext: { type: 'string' },
  inet: { type: 'string' },
  cidr: { type: 'string' },
  macaddr: { type: 'string' },
  xml: { type: 'string' },
  timetz: { type: 'string' },
  timestamp: { type: 'timestamp' },
  timestamptz: { type: 'timestamp', zoned: true },
  date: { type: 'date' },
  time: { type: 'time' },
  bytea: { type: 'binary' },
  json: { type: 'json' },
  jsonb: { type: 'json' },
  uuid: { type: 'uuid' },
};

/** Maps a PostgreSQL type to the value model; unknown types get a cast hint instead. */
export function postgresColumnSpec(type: PostgresType, column: string): ColumnSpec {
  if (type.typtype === 'e') return { type: 'string' };
  const known = BY_NAME[type.typname];
  if (known) return known;
  const quoted = `"${column.replaceAll('"', '""')}"`;
  if (type.category === 'A') return { type: 'json', castHint: `array_to_json(${quoted})` };
  if (type.typname === 'money') return { type: 'decimal', castHint: `${quoted}::numeric` };
  return { type: 'string', castHint: `${quoted}::text` };
}

const raw = (value: string) => value;
/** Type OIDs read as the server's text, so nothing is lost to JS numbers or Dates. */
const AS_TEXT = new Set([20, 1700, 1082, 1083, 1114, 1184, 1266, 790]);

/** The pg type parsers of onboard's connections: exact text for numbers and times. */
export const postgresTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (AS_TEXT.has(oid)) return raw;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

import type { ColumnSpec } from '../shared/column-spec.ts';

/** The catalog facts that decide how a MySQL/MariaDB column is read. */
export interface MysqlType {
  /** `DATA_TYPE`, lower case: `int`, `varchar`, `datetime`. */
  readonly dataType: string;
  /** `COLUMN_TYPE`, lower case: `tinyint(1)`, `decimal(10,2) unsigned`. */
  readonly columnType: string;
  /** A MariaDB `JSON` column (a longtext with a `json_valid` check). */
  readonly json?: boolean;
}

const ENUM_ORDER =
  'is an ENUM or SET, which sorts in the order of its definition but compares with text as text';

const BY_NAME: Record<string, ColumnSpec> = {
  tinyint: { type: 'integer' },
  smallint: { type: 'integer' },
  mediumint: { type: 'integer' },
  int: { type: 'integer' },
  integer: { type: 'integer' },
  year: { type: 'integer' },
  bigint: { type: 'bigint' },
  decimal: { type: 'decimal' },
  numeric: { type: 'decimal' },
  float: { type: 'float', inexactKey: 'is a FLOAT, read as the six significant digits the server prints' },
  double: { type: 'float' },
  real: { type: 'float' },
  char: { type: 'string' },
  varchar: { type: 'string' },
  tinytext: { type: 'string' },
  text: { type: 'string' },
  mediumtext: { type: 'string' },
  longtext: { type: 'string' },
  enum: { type: 'string', inexactKey: ENUM_ORDER },
  set: { type: 'string', inexactKey: ENUM_ORDER },
  inet4: { type: 'string' },
  inet6: { type: 'string' },
  date: { type: 'date', zeroDates: true },
  datetime: { type: 'timestamp', zeroDates: true },
  timestamp: { type: 'timestamp', zoned: true, zeroDates: true },
  time: { type: 'time' },
  binary: { type: 'binary' },
  varbinary: { type: 'binary' },
  tinyblob: { type: 'binary' },
  blob: { type: 'binary' },
  mediumblob: { type: 'binary' },
  longblob: { type: 'binary' },
  json: { type: 'json' },
  uuid: { type: 'uuid' },
};

const SPATIAL = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
]);

/**
 * Maps a MySQL/MariaDB type to the value model (`tinyint(1)` and `bit(1)` are booleans, wider `bit`
 * fields unsigned integers as `bigint`, `ENUM` and `SET` their text, `YEAR` an integer). Spatial
 * and unknown types get a cast hint instead: reading them is refused.
 */
export function mysqlColumnSpec(type: MysqlType, column: string): ColumnSpec {
  const quoted = `\`${column.replaceAll('`', '``')}\``;
  if (type.json) return { type: 'json' };
  if (/^tinyint\(1\)/.test(type.columnType)) return { type: 'boolean' };
  // bit(1) is MySQL's boolean; a wider bit field is read as its unsigned integer value.
  if (type.dataType === 'bit')
    return /^bit\(1\)/.test(type.columnType) ? { type: 'boolean' } : { type: 'bigint' };
  const known = BY_NAME[type.dataType];
  if (known) return known;
  if (SPATIAL.has(type.dataType)) return { type: 'string', castHint: `ST_AsText(${quoted})` };
  return { type: 'string', castHint: `CAST(${quoted} AS CHAR)` };
}

/** mysql2 field type codes of a custom query's result -> the catalog vocabulary above. */
export function mysqlTypeOfField(field: {
  columnType?: number;
  type?: number;
  columnLength?: number;
  characterSet?: number;
  flags?: number;
}): MysqlType {
  // An ENUM or SET column arrives as a string (254) marked by a flag (ENUM_FLAG, SET_FLAG).
  const flags = field.flags ?? 0;
  const code = flags & 256 ? 247 : flags & 2048 ? 248 : (field.columnType ?? field.type ?? 253);
  const binary = field.characterSet === 63;
  const names: Record<number, string> = {
    0: 'decimal',
    246: 'decimal',
    1: 'tinyint',
    2: 'smallint',
    3: 'int',
    9: 'mediumint',
    13: 'year',
    8: 'bigint',
    4: 'float',
    5: 'double',
    10: 'date',
    12: 'datetime',
    7: 'timestamp',
    11: 'time',
    245: 'json',
    16: 'bit',
    247: 'enum',
    248: 'set',
    255: 'geometry',
    15: binary ? 'varbinary' : 'varchar',
    253: binary ? 'varbinary' : 'varchar',
    254: binary ? 'binary' : 'char',
    252: binary ? 'blob' : 'text',
    249: binary ? 'blob' : 'text',
    250: binary ? 'blob' : 'text',
    251: binary ? 'blob' : 'text',
  };
  const dataType = names[code] ?? 'unknown';
  const length = field.columnLength ?? 0;
  return {
    dataType,
    columnType: dataType === 'tinyint' && length === 1 ? 'tinyint(1)' : `${dataType}(${length})`,
  };
}

/**
 * The one value model every connector normalises to, so mappings never see dialect quirks.
 *
 * | type        | JS value                                   |
 * |-------------|--------------------------------------------|
 * | `string`    | string                                     |
 * | `integer`   | number (fits in 32 bits, or any safe int)   |
 * | `bigint`    | string of digits (64-bit integers)         |
 * | `decimal`   | string, exact (`"12.50"`), never a float   |
 * | `float`     | number                                     |
 * | `boolean`   | boolean                                    |
 * | `timestamp` | string, ISO-8601 UTC with microseconds: `2024-01-31T12:00:00.123456Z` |
 * | `date`      | string `YYYY-MM-DD`                        |
 * | `time`      | string `HH:MM:SS[.ffffff]`                 |
 * | `binary`    | string, base64                             |
 * | `json`      | parsed JSON (object, array, ...)           |
 * | `uuid`      | string, lower case                         |
 *
 * Any value may be null.
 */
export type ValueType =
  | 'string'
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'float'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'time'
  | 'binary'
  | 'json'
  | 'uuid';

/** A normalised value. */
export type SourceValue = string | number | boolean | null | SourceJson;

/** A parsed JSON value from a `json` column. */
export type SourceJson = { readonly [key: string]: unknown } | readonly unknown[];

/** One row: column name -> normalised value. */
export type Row = Readonly<Record<string, SourceValue>>;

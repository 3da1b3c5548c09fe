/**
 * Core keys every record by (source, externalId). Both sides check these rules: core rejects what
 * breaks them, and the ETL tool refuses a mapping or a value that would.
 */

/** The longest external id, in characters; core stores it as `varchar(255)`. */
export const MAX_EXTERNAL_ID_LENGTH = 255;

/** The longest source system name, in characters. */
export const MAX_SOURCE_NAME_LENGTH = 100;

/** A source system name: 1..100 of [A-Za-z0-9._-], e.g. `vendor-x` (as a JSON Schema `pattern`). */
export const SOURCE_NAME_PATTERN = `^[A-Za-z0-9._-]{1,${MAX_SOURCE_NAME_LENGTH}}$`;

const SOURCE_NAME = new RegExp(SOURCE_NAME_PATTERN);

/** Whether `name` is a valid source system name (see `SOURCE_NAME_PATTERN`). */
export function isSourceName(name: string): boolean {
  return SOURCE_NAME.test(name);
}

const NEEDS_ESCAPE = /[\\"]/;

/**
 * A PostgreSQL array literal (`{"a",NULL,3,t}`) of the given values, for a `$n::type[]` parameter:
 * strings quoted (backslash and double quote escaped), numbers and bigints as digits, booleans as
 * t/f, null and undefined as NULL. The driver builds the same from a JS array, but runs two
 * regular-expression replaces and a type dispatch per element; for 1000-row statements that was a
 * visible share of core's CPU. Arrays travel this way rather than as JSON because PostgreSQL parses
 * them for less than `json_array_elements_text` plus casts (measured: ~30% less server time).
 */
export function postgresArrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    if (value === null || value === undefined) out += 'NULL';
    else if (typeof value === 'number' || typeof value === 'bigint') out += String(value);
    else if (typeof value === 'boolean') out += value ? 't' : 'f';
    else {
      const text = String(value);
      out += NEEDS_ESCAPE.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
    }
  }
  return `${out}}`;
}

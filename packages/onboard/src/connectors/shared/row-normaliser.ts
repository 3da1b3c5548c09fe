import type { Row } from '../value.ts';
import type { Converter } from './value-context.ts';

/**
 * Builds rows (column name -> value) from the driver's array rows, converting each column once.
 * The builder is generated per stream as one object literal, so every row of a stream shares one
 * shape and the hot loop has no per-column branching beyond the null check. Column names enter the
 * generated code only as JSON string literals.
 */
export function rowNormaliser(
  names: readonly string[],
  converters: readonly (Converter | null)[],
): (raw: readonly unknown[]) => Row {
  if (names.includes('__proto__')) return loopNormaliser(names, converters);
  const fields = names.map((name, i) => {
    const value = `r[${i}]`;
    const converted = converters[i] ? `c[${i}](${value})` : value;
    return `${JSON.stringify(name)}: ${value} == null ? null : ${converted}`;
  });
  const build = new Function('c', `return function normalise(r) { return { ${fields.join(', ')} }; };`);
  return build(converters) as (raw: readonly unknown[]) => Row;
}

/**
 * Converts a chunk of rows the driver built as objects (column name -> value, keys in select-list
 * order) in place, each column once: for a driver whose rows are objects already (better-sqlite3),
 * so no second object is built per row. Null when the names cannot key such a row: a repeated name
 * (the driver would keep one value) or `__proto__`. Columns without a converter are left as they
 * came: the driver gives null, never undefined.
 *
 * With `check` true, the `lossy` columns of each row are looked at before it is converted: a number
 * beyond ±(2^53 - 1) there may be a plain read's float of a larger integer (see SQLite's `read.ts`),
 * and the converter stops and returns false (the rows before it converted, the rest not): the chunk
 * is to be fetched again exactly. Otherwise it returns true. The check and the conversion are one
 * loop generated per column list, with the names as constants, so a chunk is walked once.
 */
export function rowsConverter(
  names: readonly string[],
  converters: readonly (Converter | null)[],
  lossy: readonly string[] = [],
): ((rows: Record<string, unknown>[], check: boolean) => boolean) | null {
  if (names.includes('__proto__') || new Set(names).size !== names.length) return null;
  const checks = lossy.map((name) => {
    const key = JSON.stringify(name);
    return `v = r[${key}]; if (typeof v === 'number' && !(v <= ${Number.MAX_SAFE_INTEGER} && v >= -${Number.MAX_SAFE_INTEGER})) return false;`;
  });
  const steps = names.flatMap((name, i) => {
    if (!converters[i]) return [];
    const key = JSON.stringify(name);
    return [`v = r[${key}]; if (v != null) r[${key}] = c[${i}](v);`];
  });
  const build = new Function(
    'c',
    'return function convert(rows, check) { let v; for (let i = 0; i < rows.length; i++) { const r = rows[i]; ' +
      `${checks.length > 0 ? `if (check) { ${checks.join(' ')} } ` : ''}${steps.join(' ')} } return true; };`,
  );
  return build(converters) as (rows: Record<string, unknown>[], check: boolean) => boolean;
}

/** The plain builder, for column names an object literal cannot hold (`__proto__`). */
function loopNormaliser(names: readonly string[], converters: readonly (Converter | null)[]) {
  return (raw: readonly unknown[]): Row => {
    const row: Record<string, unknown> = Object.create(null);
    names.forEach((name, i) => {
      const value = raw[i];
      const convert = converters[i];
      row[name] = value === null || value === undefined ? null : convert ? convert(value) : value;
    });
    return row as Row;
  };
}

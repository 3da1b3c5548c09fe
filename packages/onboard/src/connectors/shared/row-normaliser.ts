import type { Row, SourceValue } from '../value.ts';
import type { Converter } from './value-context.ts';

/** Builds rows (column name -> value) from the driver's array rows, converting each column once. */
export function rowNormaliser(
  names: readonly string[],
  converters: readonly (Converter | null)[],
): (raw: readonly unknown[]) => Row {
  const count = names.length;
  return (raw) => {
    const row: Record<string, SourceValue> = {};
    for (let i = 0; i < count; i++) {
      const value = raw[i];
      const convert = converters[i];
      row[names[i] as string] =
        value === null || value === undefined ? null : convert ? convert(value) : (value as SourceValue);
    }
    return row;
  };
}

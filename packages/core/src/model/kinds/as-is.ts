import type { FieldDef } from '../field.ts';
import { booleanKind } from './boolean-kind.ts';
import { COUNTRY_CODES, countryKind } from './country-kind.ts';
import { canonicalDecimal } from './decimal-as-is.ts';
import { decimalKind } from './decimal-kind.ts';
import { EMAIL, emailKind } from './email-kind.ts';
import type { FieldKind } from './field-kind.ts';
import { DEFAULT_MAX_LENGTH, stringKind, textContentError } from './string-kind.ts';
import { plainUtc, timestampKind } from './timestamp-kind.ts';

/**
 * A check that a wire value is valid and already in its kind's canonical form. True promises that
 * `kind.parse(value, def)` returns `ok(value)`, that same value; false promises nothing (the caller
 * then calls `parse`, which also says why a value is refused).
 */
export type AsIs = (value: unknown, def: FieldDef) => boolean;

/** A text `parseText` keeps as is: not too long (in UTF-16 units, so in characters too), well formed, no NUL. */
function plainText(value: string, max: number): boolean {
  return value.length <= max && textContentError(value) === undefined;
}

/**
 * The `AsIs` check of the kinds whose common values validation may keep without building a
 * `Parsed` result for each (`compiled-row-parser.ts`: one object less per field of every record
 * imported). Kept by kind object, not as a member of `FieldKind`, so a kind made by spreading
 * another (`emailKind` from `stringKind`) cannot inherit a check too lax for it.
 */
const AS_IS: ReadonlyMap<FieldKind, AsIs> = new Map<FieldKind, AsIs>([
  [
    stringKind,
    (value, def) => typeof value === 'string' && plainText(value, def.maxLength ?? DEFAULT_MAX_LENGTH),
  ],
  [emailKind, (value) => typeof value === 'string' && plainText(value, 254) && EMAIL.test(value)],
  [booleanKind, (value) => typeof value === 'boolean'],
  [countryKind, (value) => typeof value === 'string' && COUNTRY_CODES.has(value)],
  // The canonical spelling (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, what onboard sends) is its own canonical form.
  [timestampKind, (value) => typeof value === 'string' && value.length === 27 && plainUtc(value) === value],
  // Decimals as `formatDecimal` spells them, within the precision and the model's zero lower bounds;
  // any other bound leaves the value to `parse`.
  [decimalKind, canonicalDecimal],
]);

/** The `AsIs` check of `kind`, or undefined when it has none (every value goes through `parse`). */
export function asIsCheck(kind: FieldKind): AsIs | undefined {
  return AS_IS.get(kind);
}

import type { FieldDef } from '../field.ts';
import { compareParts, type DecimalParts, splitDecimal } from './decimal-text.ts';
import { fail, type Parsed } from './field-kind.ts';

/** The model's bounds, split once (a model is fixed for the life of the process). */
const boundParts = new Map<string, DecimalParts>();

function bound(text: string): DecimalParts {
  let parts = boundParts.get(text);
  if (parts === undefined) {
    parts = splitDecimal(text);
    if (parts === undefined) throw new Error(`not a decimal bound: ${text}`);
    boundParts.set(text, parts);
  }
  return parts;
}

/** Checks `minimum`, `exclusiveMinimum` and `maximum` of a split decimal. */
export function checkBoundsOf(value: DecimalParts, def: FieldDef): Parsed | undefined {
  if (def.minimum !== undefined && compareParts(value, bound(def.minimum)) < 0)
    return fail('too_small', `must be >= ${def.minimum}`);
  if (def.exclusiveMinimum !== undefined && compareParts(value, bound(def.exclusiveMinimum)) <= 0)
    return fail('too_small', `must be > ${def.exclusiveMinimum}`);
  if (def.maximum !== undefined && compareParts(value, bound(def.maximum)) > 0)
    return fail('too_large', `must be <= ${def.maximum}`);
  return undefined;
}

/** Checks `minimum`, `exclusiveMinimum` and `maximum` of a canonical decimal string. */
export function checkBounds(text: string, def: FieldDef): Parsed | undefined {
  if (def.minimum === undefined && def.exclusiveMinimum === undefined && def.maximum === undefined)
    return undefined;
  const parts = splitDecimal(text);
  if (parts === undefined) throw new Error(`not a decimal: ${text}`);
  return checkBoundsOf(parts, def);
}

import type { FieldDef } from '../field.ts';
import { compareDecimal } from './decimal-text.ts';
import { fail, type Parsed } from './field-kind.ts';

/** Checks `minimum`, `exclusiveMinimum` and `maximum` of a canonical decimal string. */
export function checkBounds(text: string, def: FieldDef): Parsed | undefined {
  if (def.minimum !== undefined && compareDecimal(text, def.minimum) < 0)
    return fail('too_small', `must be >= ${def.minimum}`);
  if (def.exclusiveMinimum !== undefined && compareDecimal(text, def.exclusiveMinimum) <= 0)
    return fail('too_small', `must be > ${def.exclusiveMinimum}`);
  if (def.maximum !== undefined && compareDecimal(text, def.maximum) > 0)
    return fail('too_large', `must be <= ${def.maximum}`);
  return undefined;
}

import type { FieldDef } from '../field.ts';
import { DEFAULT_PRECISION, DEFAULT_SCALE } from './decimal-kind.ts';

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Whether `decimalKind.parse(value, def)` would return `ok(value)`, that same text: a string
 * already spelled as `formatDecimal` spells it (an optional '-', integer digits without leading
 * zeros or exactly "0", then '.' and exactly `scale` digits when `scale` > 0; no '+', no negative
 * zero) that fits the precision. Bounds are only judged when they are the model's zero lower
 * bounds (`minimum: '0'`, `exclusiveMinimum: '0'`); any other bound says false, so `parse` runs.
 * One character scan without allocation: this runs for every decimal of every record imported.
 */
export function canonicalDecimal(value: unknown, def: FieldDef): boolean {
  if (typeof value !== 'string' || def.maximum !== undefined) return false;
  const { minimum, exclusiveMinimum } = def;
  if (
    (minimum !== undefined && minimum !== '0') ||
    (exclusiveMinimum !== undefined && exclusiveMinimum !== '0')
  )
    return false;
  const scale = def.scale ?? DEFAULT_SCALE;
  const precision = def.precision ?? DEFAULT_PRECISION;
  if (!(scale >= 0)) return false;
  const negative = value.charCodeAt(0) === 0x2d;
  // Either zero lower bound refuses every negative value (and "-0…" is never canonical).
  if (negative && (minimum !== undefined || exclusiveMinimum !== undefined)) return false;
  const intStart = negative ? 1 : 0;
  let i = intStart;
  let nonZero = false;
  if (value.charCodeAt(i) === 0x30) i++;
  else {
    // charCodeAt past the end is NaN, not a digit.
    while (isDigit(value.charCodeAt(i))) i++;
    if (i === intStart || i - intStart > precision - scale) return false;
    nonZero = true;
  }
  if (scale > 0) {
    const end = i + 1 + scale;
    if (value.charCodeAt(i) !== 0x2e || end !== value.length) return false;
    for (i++; i < end; i++) {
      const code = value.charCodeAt(i);
      if (!isDigit(code)) return false;
      if (code !== 0x30) nonZero = true;
    }
  } else if (i !== value.length) return false;
  // Zero is never signed; an exclusive minimum of zero refuses it.
  return nonZero || (!negative && exclusiveMinimum === undefined);
}

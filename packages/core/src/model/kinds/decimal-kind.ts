import { checkBoundsOf } from './bounds.ts';
import { formatDecimal, splitDecimal } from './decimal-text.ts';
import { type FieldKind, fail, ok, typeError } from './field-kind.ts';

export const DEFAULT_PRECISION = 18;
export const DEFAULT_SCALE = 2;

export const decimalKind: FieldKind = {
  parse(value, def) {
    if (typeof value !== 'string') return typeError('a decimal as a string (e.g. "12.50")', value);
    const parts = splitDecimal(value);
    if (parts === undefined)
      return fail('invalid_format', 'not a decimal number (digits, optional sign and point)');
    const precision = def.precision ?? DEFAULT_PRECISION;
    const scale = def.scale ?? DEFAULT_SCALE;
    if (parts.frac.length > scale) return fail('invalid_scale', `at most ${scale} digits after the point`);
    if (parts.int !== '0' && parts.int.length > precision - scale)
      return fail('too_large', `at most ${precision - scale} digits before the point`);
    return checkBoundsOf(parts, def) ?? ok(formatDecimal(parts, scale));
  },
  storage: (def) => ({
    kind: 'decimal',
    precision: def.precision ?? DEFAULT_PRECISION,
    scale: def.scale ?? DEFAULT_SCALE,
  }),
  toDb: (value) => value,
  fromDb: (raw) => (raw === null || raw === undefined ? null : String(raw)),
  jsonSchema: (def) => ({
    type: 'string',
    pattern: '^[+-]?\\d+(\\.\\d+)?$',
    description: `exact decimal, ${def.precision ?? DEFAULT_PRECISION} digits, ${def.scale ?? DEFAULT_SCALE} after the point`,
  }),
};

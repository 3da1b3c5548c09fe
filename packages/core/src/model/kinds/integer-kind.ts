import { checkBounds } from './bounds.ts';
import { type FieldKind, ok, typeError } from './field-kind.ts';

export const integerKind: FieldKind = {
  parse(value, def) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return typeError('a whole number', value);
    return checkBounds(String(value), def) ?? ok(value);
  },
  storage: () => ({ kind: 'bigint' }),
  toDb: (value) => value,
  fromDb: (raw) => (raw === null || raw === undefined ? null : Number(raw)),
  jsonSchema: (def) => ({
    type: 'integer',
    ...(def.minimum !== undefined ? { minimum: Number(def.minimum) } : {}),
    ...(def.maximum !== undefined ? { maximum: Number(def.maximum) } : {}),
  }),
};

import { CURRENCY_CODES } from './currency-codes.ts';
import { type FieldKind, fail, ok, typeError } from './field-kind.ts';
import { stringKind } from './string-kind.ts';

export const currencyKind: FieldKind = {
  ...stringKind,
  parse(value) {
    if (typeof value !== 'string') return typeError('an ISO 4217 currency code', value);
    return CURRENCY_CODES.has(value)
      ? ok(value)
      : fail('invalid_format', 'not an ISO 4217 currency code (three upper-case letters, e.g. EUR)');
  },
  storage: () => ({ kind: 'varchar', length: 3 }),
  jsonSchema: () => ({ type: 'string', pattern: '^[A-Z]{3}$' }),
};

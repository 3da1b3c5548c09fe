import type { FieldType } from '@madeup/contract';
import { booleanKind } from './boolean-kind.ts';
import { countryKind } from './country-kind.ts';
import { currencyKind } from './currency-kind.ts';
import { dateKind } from './date-kind.ts';
import { decimalKind } from './decimal-kind.ts';
import { emailKind } from './email-kind.ts';
import { enumKind } from './enum-kind.ts';
import type { FieldKind } from './field-kind.ts';
import { integerKind } from './integer-kind.ts';
import { jsonKind } from './json-kind.ts';
import { stringKind } from './string-kind.ts';
import { timestampKind } from './timestamp-kind.ts';

export type { FieldKind, Parsed, StorageType } from './field-kind.ts';

/** The behaviour of every leaf wire type (objects are flattened into their members). */
export const KINDS: Readonly<Record<Exclude<FieldType, 'object'>, FieldKind>> = {
  string: stringKind,
  email: emailKind,
  integer: integerKind,
  decimal: decimalKind,
  boolean: booleanKind,
  timestamp: timestampKind,
  date: dateKind,
  enum: enumKind,
  currency: currencyKind,
  country: countryKind,
  json: jsonKind,
};

export function kindOf(type: FieldType): FieldKind {
  if (type === 'object') throw new Error('object fields are flattened into their members');
  return KINDS[type];
}

import countries from 'i18n-iso-countries';
import { type FieldKind, fail, ok, typeError } from './field-kind.ts';
import { stringKind } from './string-kind.ts';

/** Officially assigned ISO 3166-1 alpha-2 codes, from the maintained i18n-iso-countries list. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

export const countryKind: FieldKind = {
  ...stringKind,
  parse(value) {
    if (typeof value !== 'string') return typeError('an ISO 3166-1 alpha-2 country code', value);
    return COUNTRY_CODES.has(value)
      ? ok(value)
      : fail('invalid_format', 'not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. US)');
  },
  storage: () => ({ kind: 'varchar', length: 2 }),
  jsonSchema: () => ({ type: 'string', pattern: '^[A-Z]{2}$' }),
};

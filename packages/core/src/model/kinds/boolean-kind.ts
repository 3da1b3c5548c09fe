import { type FieldKind, ok, typeError } from './field-kind.ts';

export const booleanKind: FieldKind = {
  parse: (value) => (typeof value === 'boolean' ? ok(value) : typeError('true or false', value)),
  storage: () => ({ kind: 'boolean' }),
  // 1/0 binds on every driver (better-sqlite3 refuses JS booleans).
  toDb: (value) => (value === true ? 1 : 0),
  fromDb: (raw) =>
    raw === null || raw === undefined ? null : raw === true || raw === 1 || raw === '1' || raw === 't',
  jsonSchema: () => ({ type: 'boolean' }),
};

import { type FieldKind, fail, ok, typeError } from './field-kind.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (m === null) return false;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.getUTCDate() === Number(m[3]) && day.getUTCMonth() === Number(m[2]) - 1 && Number(m[1]) >= 1;
}

export const dateKind: FieldKind = {
  parse(value) {
    if (typeof value !== 'string') return typeError('a date string YYYY-MM-DD', value);
    return isDate(value) ? ok(value) : fail('invalid_format', 'not a calendar date YYYY-MM-DD');
  },
  storage: () => ({ kind: 'date' }),
  toDb: (value) => value,
  fromDb: (raw) => {
    if (raw === null || raw === undefined) return null;
    return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10);
  },
  jsonSchema: () => ({ type: 'string', format: 'date' }),
};

import { calendarDateError } from './calendar.ts';
import { type FieldKind, fail, ok, typeError } from './field-kind.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const dateKind: FieldKind = {
  parse(value) {
    if (typeof value !== 'string') return typeError('a date string YYYY-MM-DD', value);
    const m = DATE.exec(value);
    if (m === null) return fail('invalid_format', 'not a calendar date YYYY-MM-DD');
    const error = calendarDateError(Number(m[1]), Number(m[2]), Number(m[3]));
    return error === undefined ? ok(value) : fail('invalid_format', `not a calendar date: ${error}`);
  },
  storage: () => ({ kind: 'date' }),
  toDb: (value) => value,
  fromDb: (raw) => {
    if (raw === null || raw === undefined) return null;
    return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10);
  },
  jsonSchema: () => ({ type: 'string', format: 'date' }),
};

import { type FieldKind, fail, ok, typeError } from './field-kind.ts';

const WIRE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** How every dialect returns what core stored (UTC, microseconds): no zone, or PostgreSQL's `+00`. */
const STORED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}(?:\+00)?$/;

/**
 * Parses an ISO-8601 timestamp into canonical UTC with microseconds,
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`. `assumeUtc` accepts a missing zone (values read from databases).
 */
export function canonicalTimestamp(text: string, assumeUtc: boolean): string | undefined {
  if (assumeUtc && STORED.test(text)) return `${text.slice(0, 10)}T${text.slice(11, 26)}Z`;
  const m = WIRE.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m;
  if (zone === undefined && !assumeUtc) return undefined;
  if (/[1-9]/.test(fraction.slice(6))) return undefined;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utc);
  if (check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || Number(s) > 59)
    return undefined;
  const offsetMinutes = zoneMinutes(zone ?? 'Z');
  const shifted = new Date(utc - offsetMinutes * 60_000);
  const year = shifted.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  const iso = shifted.toISOString().slice(0, 19);
  return `${iso}.${fraction.slice(0, 6).padEnd(6, '0')}Z`;
}

function zoneMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0'));
}

export const timestampKind: FieldKind = {
  parse(value) {
    if (typeof value !== 'string') return typeError('an ISO-8601 timestamp string', value);
    const canonical = canonicalTimestamp(value, false);
    return canonical === undefined
      ? fail('invalid_format', 'not an ISO-8601 timestamp with zone (e.g. 2024-01-31T12:00:00.123456Z)')
      : ok(canonical);
  },
  storage: () => ({ kind: 'timestamp' }),
  // Zone-less UTC text: every dialect stores it as is (PostgreSQL sessions run in UTC).
  toDb: (value) => (value as string).slice(0, 26).replace('T', ' '),
  fromDb: (raw) => {
    if (raw === null || raw === undefined) return null;
    const text = raw instanceof Date ? raw.toISOString() : String(raw);
    return canonicalTimestamp(text, true) ?? text;
  },
  jsonSchema: () => ({ type: 'string', format: 'date-time' }),
};

import { calendarMillis } from '@madeup/contract';
import { calendarDateError, formatUtcSeconds, pad } from './calendar.ts';
import { type FieldKind, fail, ok, typeError } from './field-kind.ts';

const WIRE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * How every dialect returns what core stored (UTC, microseconds): no zone, or PostgreSQL's `+00`;
 * PostgreSQL drops trailing zeros of the fraction, and the whole fraction when it is zero.
 */
const STORED = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:\+00)?$/;

/** The widest UTC offset accepted, in minutes: +14:00 (Kiribati) and -14:00; no zone uses more. */
export const MAX_OFFSET_MINUTES = 14 * 60;

const FORMAT_HINT = 'an ISO-8601 timestamp with zone (e.g. 2024-01-31T12:00:00.123456Z)';

/** A timestamp's canonical UTC text, or why the text is not one. */
export type TimestampParse =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses an ISO-8601 timestamp into canonical UTC with microseconds,
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`, refusing what does not exist instead of rolling it over: month 13,
 * 30 February, hour 24, minute or second 60 (leap seconds are refused too: no dialect stores them),
 * offsets beyond +-14:00 or with minutes over 59, more than microsecond precision, and instants
 * outside years 0001..9999 in UTC. `assumeUtc` accepts a missing zone (values read from databases).
 */
export function parseTimestamp(text: string, assumeUtc: boolean): TimestampParse {
  const utc = plainUtc(text);
  if (utc !== undefined) return { ok: true, value: utc };
  if (assumeUtc) {
    // A value core stored is valid: only its spelling is made canonical (no calendar arithmetic).
    const fast = storedUtc(text);
    if (fast !== undefined) return { ok: true, value: fast };
    const stored = STORED.exec(text);
    if (stored !== null)
      return { ok: true, value: `${stored[1]}T${stored[2]}.${(stored[3] ?? '').padEnd(6, '0')}Z` };
  }
  const m = WIRE.exec(text);
  if (m === null) return { ok: false, reason: `not ${FORMAT_HINT}` };
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m;
  if (zone === undefined && !assumeUtc) return { ok: false, reason: `no zone: ${FORMAT_HINT}` };
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const dateError = calendarDateError(year, month, day);
  if (dateError !== undefined) return { ok: false, reason: dateError };
  if (hour > 23) return { ok: false, reason: `hour ${h} is not 00..23` };
  if (minute > 59) return { ok: false, reason: `minute ${mi} is not 00..59` };
  if (second === 60)
    return { ok: false, reason: 'second 60 (a leap second) is not accepted; use :59.999999' };
  if (second > 59) return { ok: false, reason: `second ${s} is not 00..59` };
  if (/[1-9]/.test(fraction.slice(6)))
    return { ok: false, reason: 'more than 6 fraction digits (microseconds)' };
  const offset = zoneMinutes(zone ?? 'Z');
  if (typeof offset === 'string') return { ok: false, reason: offset };
  // In UTC already (every part checked above): the text is its own canonical form.
  const iso =
    offset === 0
      ? `${y}-${mo}-${d}T${h}:${mi}:${s}`
      : formatUtcSeconds(calendarMillis(year, month, day, hour, minute, second) - offset * 60_000);
  if (iso === undefined) return { ok: false, reason: 'outside years 0001..9999 once converted to UTC' };
  return { ok: true, value: `${iso}.${fraction.slice(0, 6).padEnd(6, '0')}Z` };
}

const digitAt = (text: string, i: number) => {
  const code = text.charCodeAt(i) - 0x30;
  return code >= 0 && code <= 9 ? code : Number.NaN;
};
const twoDigits = (text: string, i: number) => digitAt(text, i) * 10 + digitAt(text, i + 1);

/**
 * The canonical form of the common spelling, `YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z`, when it is a real
 * instant; undefined for anything else (then the general parse decides, and explains a refusal).
 * A character scan without a regular expression: this runs for every timestamp imported.
 */
export function plainUtc(text: string): string | undefined {
  const length = text.length;
  if (length < 20 || length > 27) return undefined;
  const zone = text.charCodeAt(length - 1);
  const separator = text.charCodeAt(10);
  if (
    (zone !== 0x5a && zone !== 0x7a) ||
    (separator !== 0x54 && separator !== 0x74) ||
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(13) !== 0x3a ||
    text.charCodeAt(16) !== 0x3a
  )
    return undefined;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  // NaN (a non-digit) fails every comparison below.
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return undefined;
  if (!(year >= 1 && month >= 1 && day >= 1) || calendarDateError(year, month, day) !== undefined)
    return undefined;
  let fraction = '';
  if (length > 20) {
    if (text.charCodeAt(19) !== 0x2e || length === 21) return undefined;
    for (let i = 20; i < length - 1; i++) if (Number.isNaN(digitAt(text, i))) return undefined;
    // Already canonical (six fraction digits, upper-case T and Z): the text itself, no new string.
    if (length === 27 && separator === 0x54 && zone === 0x5a) return text;
    fraction = text.slice(20, length - 1);
  }
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction.padEnd(6, '0')}Z`;
}

/**
 * The canonical form of what core stores on every dialect, `YYYY-MM-DD HH:MM:SS.ffffff` (no zone,
 * six fraction digits: `toDb`), without the regular expression; undefined for any other spelling.
 * A stored value is valid, so only its digits and separators are checked.
 */
function storedUtc(text: string): string | undefined {
  if (
    text.length !== 26 ||
    text.charCodeAt(10) !== 0x20 ||
    text.charCodeAt(19) !== 0x2e ||
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(13) !== 0x3a ||
    text.charCodeAt(16) !== 0x3a
  )
    return undefined;
  for (const i of STORED_DIGITS) if (Number.isNaN(digitAt(text, i))) return undefined;
  return `${text.slice(0, 10)}T${text.slice(11)}Z`;
}

/** Positions of the digits in `YYYY-MM-DD HH:MM:SS.ffffff`. */
const STORED_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];

/** The canonical form of `text` (see `parseTimestamp`), or undefined. */
export function canonicalTimestamp(text: string, assumeUtc: boolean): string | undefined {
  const parsed = parseTimestamp(text, assumeUtc);
  return parsed.ok ? parsed.value : undefined;
}

/** The offset of a zone in minutes, or why it is not a real one. */
function zoneMinutes(zone: string): number | string {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5) || '0');
  if (minutes > 59) return `offset ${zone}: minutes ${pad(minutes, 2)} are not 00..59`;
  const total = hours * 60 + minutes;
  if (total > MAX_OFFSET_MINUTES) return `offset ${zone} is outside -14:00..+14:00`;
  return sign * total;
}

export const timestampKind: FieldKind = {
  parse(value) {
    if (typeof value !== 'string') return typeError('an ISO-8601 timestamp string', value);
    const parsed = parseTimestamp(value, false);
    return parsed.ok ? ok(parsed.value) : fail('invalid_format', parsed.reason);
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

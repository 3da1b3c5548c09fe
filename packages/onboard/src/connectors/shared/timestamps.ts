import { calendarMillis } from '@madeup/contract';
import { isWallTime } from '../../time/calendar-day.ts';
import { utcToWallTime, wallTimeToUtc } from '../../time/time-zone.ts';

/**
 * Timestamp text from any driver -> ISO-8601 UTC with microseconds (`2024-01-31T12:00:00.123456Z`).
 * Accepts `YYYY-MM-DD[ T]HH:MM:SS[.fraction][Z|±HH[:MM]]` and a bare date (midnight). Text without
 * an offset is naive and is read in `timeZone` (IANA name), folds and gaps by the rule of
 * `time/time-zone.ts`. Returns null when the text is not a timestamp.
 */
export function toUtcTimestamp(text: string, timeZone: string): string | null {
  if (timeZone === 'UTC') {
    const fast = plainUtc(text);
    if (fast !== null) return fast;
  }
  const m = PATTERN.exec(text);
  if (m === null) return null;
  const [, y = '', mo, d, h = '00', mi = '00', s = '00', fraction = '', zone, bc] = m as unknown as string[];
  const micros = (fraction ?? '').padEnd(6, '0').slice(0, 6);
  // PostgreSQL writes years before 1 as `0001 BC` (year 0 of ISO 8601), and after 9999 in full.
  const year = bc === undefined ? Number(y) : 1 - Number(y);
  const offset = zone === undefined ? 0 : parseOffset(zone);
  if (!isWallTime(year, Number(mo), Number(d), Number(h), Number(mi), Number(s)) || Number.isNaN(offset))
    return null;
  if (zone === undefined && timeZone === 'UTC' && bc === undefined && y.length === 4)
    return `${y}-${mo}-${d}T${h}:${mi}:${s}.${micros}Z`;
  const local = calendarMillis(year, Number(mo), Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(local)) return null;
  const utc = zone === undefined ? wallTimeToUtc(timeZone, local) : local - offset;
  return formatUtc(utc, micros);
}

/**
 * The inverse for query parameters: ISO UTC -> naive `YYYY-MM-DD HH:MM:SS.ffffff` in `timeZone`.
 * A year before 1 or after 9999 stays in ISO 8601's expanded form (`+010000-01-01 00:00:00.000000`),
 * as `toUtcTimestamp` writes it; PostgreSQL, the one source that holds such years, reads it through
 * its own parameter encoding (`postgres/encode-param.ts`).
 */
export function toNaiveTimestamp(iso: string, timeZone: string): string {
  const m = PATTERN.exec(iso);
  if (m === null) return iso;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m as unknown as string[];
  let utc = calendarMillis(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  if (zone !== undefined) utc -= parseOffset(zone);
  const local = utcToWallTime(timeZone, utc);
  return (formatUtc(local, (fraction ?? '').padEnd(6, '0').slice(0, 6)) ?? iso)
    .replace('T', ' ')
    .slice(0, -1);
}

/** Whether `t` has an ASCII digit at `i`. */
function digitAt(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * The hot path for the commonest shape, `YYYY-MM-DD HH:MM:SS[.fraction]` without an offset, read
 * as UTC: checks it character by character and reassembles it. Null for any other shape.
 */
function plainUtc(t: string): string | null {
  if (!plainDate(t)) return null;
  const time = plainTime(t);
  return time === null ? null : `${t.slice(0, 10)}T${time}`;
}

/**
 * `toUtcTimestamp` for the values of one column read in `timeZone`. Read as UTC, it remembers the
 * date of the last value of the common shape (`plainUtc`): values read in key order mostly share
 * their date with the one before, and then only the time of day is checked and the date's text
 * (`YYYY-MM-DDT`, checked once) is reused. The same result as `toUtcTimestamp` for every text.
 */
export function utcTimestampReader(timeZone: string): (text: string) => string | null {
  if (timeZone !== 'UTC') return (text) => toUtcTimestamp(text, timeZone);
  // Never the start of a text: the first value checks its date.
  let date = '\u0000';
  let dateT = '';
  return (t) => {
    if (t.startsWith(date)) {
      const time = plainTime(t);
      if (time !== null) return dateT + time;
    } else if (plainDate(t)) {
      const time = plainTime(t);
      if (time !== null) {
        date = t.slice(0, 10);
        dateT = `${date}T`;
        return dateT + time;
      }
    }
    return toUtcTimestamp(t, 'UTC');
  };
}

/** Whether `t` starts with a plain date, `YYYY-MM-DD`, a day that exists. */
function plainDate(t: string): boolean {
  if (t.length < 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return false;
  // Written out rather than looped over a list of positions: one value of every timestamp read
  // passes here, and the loop's iterator measured a sixth of the converter's instructions.
  if (
    !(
      digitAt(t, 0) &&
      digitAt(t, 1) &&
      digitAt(t, 2) &&
      digitAt(t, 3) &&
      digitAt(t, 5) &&
      digitAt(t, 6) &&
      digitAt(t, 8) &&
      digitAt(t, 9)
    )
  )
    return false;
  const month = (t.charCodeAt(5) - 48) * 10 + t.charCodeAt(6) - 48;
  const day = (t.charCodeAt(8) - 48) * 10 + t.charCodeAt(9) - 48;
  if (day <= 28) return month >= 1 && month <= 12 && day >= 1;
  return isWallTime(Number(t.slice(0, 4)), month, day);
}

/**
 * The rest of the plain shape after its date: `[ T]HH:MM:SS[.fraction]` to the end, hours 00-23,
 * minutes and seconds 00-59, at most 9 digits of fraction. Returns `HH:MM:SS.ffffffZ`
 * (the fraction cut or padded to 6 digits), or null for any other text.
 */
function plainTime(t: string): string | null {
  const n = t.length;
  if (n < 19 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return null;
  const sep = t.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return null;
  if (
    !(
      digitAt(t, 11) &&
      digitAt(t, 12) &&
      digitAt(t, 14) &&
      digitAt(t, 15) &&
      digitAt(t, 17) &&
      digitAt(t, 18)
    ) ||
    t.charCodeAt(11) > 50 ||
    (t.charCodeAt(11) === 50 && t.charCodeAt(12) > 51) ||
    t.charCodeAt(14) > 53 ||
    t.charCodeAt(17) > 53
  )
    return null;
  if (n === 19) return `${t.slice(11)}.000000Z`;
  if (t.charCodeAt(19) !== 46 || n > 29) return null;
  for (let i = 20; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const fraction = n >= 26 ? t.slice(20, 26) : t.slice(20).padEnd(6, '0');
  return `${t.slice(11, 19)}.${fraction}Z`;
}

const PATTERN =
  /^([+-]\d{6}|\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2}){0,2})?( BC)?$/;

/** An offset in millis; NaN for one no zone has (hours over 23, minutes or seconds over 59). */
function parseOffset(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replaceAll(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  const seconds = Number(digits.slice(4, 6) || '0');
  if (hours > 23 || minutes > 59 || seconds > 59) return Number.NaN;
  return sign * ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/**
 * ISO-8601 UTC with `micros`; a year before 0 or after 9999 in ISO's expanded form
 * (`+010000-01-01T…`, as `toISOString` writes it). Null beyond the range of `Date`.
 */
function formatUtc(epochMs: number, micros: string): string | null {
  const at = new Date(epochMs);
  return Number.isNaN(at.getTime()) ? null : `${at.toISOString().slice(0, -5)}.${micros}Z`;
}

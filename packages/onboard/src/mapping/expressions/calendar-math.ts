import { calendarMillis, daysInMonth } from '@madeup/contract';
import { utcToWallTime, wallTimeToUtc } from '../../time/time-zone.ts';
import { showValue, ValueError } from '../value-error.ts';
import { formatDate, parseIso, toUtc, wireTimestamp } from './date-instant.ts';
import { isBlank } from './text-value.ts';

/**
 * Calendar arithmetic for `addDays`, `addMonths` and `daysBetween`. A date (`2024-01-31`) is a
 * calendar day and moves by calendar days; an instant (a timestamp) moves by calendar days or
 * months **in a time zone**: its wall-clock time there is shifted and read back through the one
 * time-zone engine (time/), so "one day after 12:00 the day before a DST change" is 12:00 the
 * next day (23 or 25 hours later), and a wall time that falls into a gap follows its gap rule.
 */
export type Moment =
  | { readonly kind: 'date'; readonly day: number }
  | { readonly kind: 'instant'; readonly millis: number; readonly micros: number };

const DAY = 86_400_000;
const BARE_DATE = /^\s*\d{4}-\d{2}-\d{2}\s*$/;
/** Wire dates and timestamps are four-digit years. */
const FIRST = calendarMillis(1, 1, 1);
const LAST = calendarMillis(9999, 12, 31, 23, 59, 59);

/** Reads a date (`YYYY-MM-DD`) or an ISO-8601 timestamp; wall-clock text is read in `zone`. */
export function readMoment(value: unknown, zone: string): Moment | null {
  if (isBlank(value)) return null;
  if (typeof value !== 'string')
    throw new ValueError('invalid_date', `not a date or timestamp: ${showValue(value)}`);
  const parts = parseIso(value);
  const { millis, micros } = toUtc(parts, zone, value);
  if (BARE_DATE.test(value))
    return { kind: 'date', day: calendarMillis(parts.year, parts.month, parts.day) / DAY };
  return { kind: 'instant', millis, micros };
}

function outOfRange(source: unknown, what: string): ValueError {
  return new ValueError('invalid_date', `${showValue(source)} ${what} is outside the years 0001-9999`);
}

function writeWall(moment: Moment, wall: number, zone: string, source: unknown, what: string): string {
  if (!(wall >= FIRST && wall <= LAST)) throw outOfRange(source, what);
  if (moment.kind === 'date') return formatDay(wall / DAY);
  return wireTimestamp(wallTimeToUtc(zone, wall), moment.micros, source);
}

function formatDay(day: number): string {
  const date = new Date(day * DAY);
  return formatDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** The wall-clock millis of a moment: a date's midnight, an instant's local time in `zone`. */
function wallOf(moment: Moment, zone: string): number {
  return moment.kind === 'date' ? moment.day * DAY : utcToWallTime(zone, moment.millis);
}

/** `moment` plus `days` calendar days (negative: earlier), in the form it came in. */
export function addDays(moment: Moment, days: number, zone: string, source: unknown): string {
  return writeWall(moment, wallOf(moment, zone) + days * DAY, zone, source, `plus ${days} days`);
}

/**
 * `moment` plus `months` calendar months; a day the target month lacks becomes its last day
 * (31 January + 1 month is 28 or 29 February), as in java.time, SQL and spreadsheets.
 */
export function addMonths(moment: Moment, months: number, zone: string, source: unknown): string {
  const what = `plus ${months} months`;
  const wall = wallOf(moment, zone);
  const at = new Date(wall);
  const index = at.getUTCFullYear() * 12 + at.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (year < 1 || year > 9999) throw outOfRange(source, what);
  const day = Math.min(at.getUTCDate(), daysInMonth(year, month));
  const target =
    calendarMillis(year, month, day) +
    (wall - calendarMillis(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()));
  return writeWall(moment, target, zone, source, what);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier); instants count by their day in `zone`. */
export function daysBetween(from: Moment, to: Moment, zone: string): number {
  return Math.floor(wallOf(to, zone) / DAY) - Math.floor(wallOf(from, zone) / DAY);
}

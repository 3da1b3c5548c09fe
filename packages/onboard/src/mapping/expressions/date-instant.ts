import { calendarMillis } from '@madeup/contract';
import { isWallTime } from '../../time/calendar-day.ts';
import { utcToWallTime, wallTimeToUtc } from '../../time/time-zone.ts';
import { showValue, ValueError } from '../value-error.ts';
import { type DateParts, fractionMicros, parseOffset } from './date-format.ts';

/**
 * The wire forms of dates and instants: ISO-8601 in, `YYYY-MM-DD` and
 * `2024-01-31T12:00:00.123456Z` (UTC, microseconds) out, and the checks between.
 */

const ISO =
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i;

/** Parses ISO-8601 dates and timestamps (`2024-01-31`, `2024-01-31 12:00`, `…T12:00:00.5+01:00`). */
export function parseIso(text: string): DateParts {
  const m = ISO.exec(text);
  if (!m) throw new ValueError('invalid_date', `${showValue(text)} is not an ISO-8601 date or timestamp`);
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micros: m[7] ? fractionMicros(m[7]) : 0,
    offset: m[8] ? parseOffset(m[8].toUpperCase()) : undefined,
  };
}

/** The widest offset a text may carry, in minutes (as core: no zone is further from UTC). */
const MAX_OFFSET = 14 * 60;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Checks the parts (a real day of the years 0001-9999, a time of 00:00:00-23:59:59, an offset
 * within +-14:00, the weekday named, if any, the date's) and returns the UTC instant in
 * microseconds-free millis plus micros.
 */
export function toUtc(parts: DateParts, zone: string, source: string): { millis: number; micros: number } {
  const { year, month, day, hour, minute, second, micros, offset } = parts;
  if (year < 1 || !isWallTime(year, month, day, hour, minute, second)) {
    throw new ValueError('invalid_date', `${showValue(source)} is not a valid date or time`);
  }
  if (offset !== undefined && !(Math.abs(offset) <= MAX_OFFSET))
    throw new ValueError(
      'invalid_date',
      `${showValue(source)} has an offset outside -14:00..+14:00 or with minutes over 59`,
    );
  const wall = calendarMillis(year, month, day, hour, minute, second);
  const weekday = new Date(wall).getUTCDay();
  if (parts.weekday !== undefined && parts.weekday !== weekday)
    throw new ValueError(
      'invalid_date',
      `${showValue(source)} names a ${WEEKDAYS[parts.weekday]}, but ${formatDate(parts)} is a ${WEEKDAYS[weekday]}`,
    );
  const millis = offset !== undefined ? wall - offset * 60_000 : wallTimeToUtc(zone, wall);
  return { millis, micros };
}

const FIRST = calendarMillis(1, 1, 1);
const END = calendarMillis(10000, 1, 1);

/** `formatTimestamp` of an instant the wire form holds: one of the years 0001-9999 in UTC. */
export function wireTimestamp(millis: number, micros: number, source: unknown): string {
  if (!(millis >= FIRST && millis < END))
    throw new ValueError('invalid_date', `${showValue(source)} is outside the years 0001-9999 in UTC`);
  return formatTimestamp(millis, micros);
}

const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const DAY = 86_400_000;

/**
 * `2024-01-31T12:00:00.123456Z`: the one timestamp form of the wire contract. Formatted by
 * arithmetic (days to civil date, after H. Hinnant), not through `Date`, as it runs once a row.
 */
export function formatTimestamp(millis: number, micros: number): string {
  const days = Math.floor(millis / DAY);
  const secondsOfDay = Math.floor((millis - days * DAY) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondsOfDay / 3600);
  const minute = Math.floor((secondsOfDay % 3600) / 60);
  const fraction = micros === 0 ? '000000' : String(micros).padStart(6, '0');
  return `${String(year).padStart(4, '0')}-${TWO[month]}-${TWO[day]}T${TWO[hour]}:${TWO[minute]}:${TWO[secondsOfDay % 60]}.${fraction}Z`;
}

/** Timestamps already in the wire form (as connectors deliver them) need no parsing. */
export const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const CANONICAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of a date's own parts (no time-zone shift: a date is a calendar day). */
export function formatDate(parts: Pick<DateParts, 'year' | 'month' | 'day'>): string {
  return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

/**
 * The calendar day of (checked) parts: their own date when they carry no offset (a wall-clock
 * date or time), or, for an instant (an offset, as in the wire form `…Z`), the day it falls on in
 * `zone`, the source's time zone: a DATETIME of midnight in Berlin is that day, not the day before.
 */
export function calendarDate(parts: DateParts, zone: string, source: string): string {
  const { millis } = toUtc(parts, zone, source);
  if (parts.offset === undefined) return formatDate(parts);
  const local = new Date(utcToWallTime(zone, millis));
  if (!(local.getUTCFullYear() >= 1 && local.getUTCFullYear() <= 9999))
    throw new ValueError('invalid_date', `${showValue(source)} is outside the years 0001-9999 in ${zone}`);
  return formatDate({
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
  });
}

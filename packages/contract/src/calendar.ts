/**
 * The proleptic Gregorian calendar core and onboard both count days with: leap years, days in a
 * month, and the epoch millis of a date and time, for any year (years 0-99 included, which
 * `Date.UTC` alone reads as 1900-1999).
 */

/** Days of each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** 400 Gregorian years in millis: a whole number of weeks and leap cycles. */
const FOUR_CENTURIES = 146_097 * 86_400_000;

/** True for a leap year: every 4th year, but not a century year unless it divides by 400. */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in `month` (1-12) of `year`; 0 for a month that is not 1-12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? 0;
}

/**
 * Millis since 1970-01-01T00:00:00Z of a date and time read as UTC, for any year (years 0-99
 * are read 400 years later, whose calendar is the same, and moved back: `Date.UTC` would read
 * them as 1900-1999, and 1900 is no leap year). Parts out of range roll over as in `Date.UTC`
 * (callers check the date first); NaN when `Date` cannot hold the result.
 */
export function calendarMillis(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  if (year >= 0 && year < 100)
    return Date.UTC(year + 400, month - 1, day, hour, minute, second) - FOUR_CENTURIES;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

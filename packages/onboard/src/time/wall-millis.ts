/**
 * The millis a calendar date and clock time would have in UTC, for any year 1-9999 (`Date.UTC`
 * alone reads years 0-99 as 1900-1999). NaN when a part is out of range for `Date`.
 */
export function wallMillis(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  return year >= 0 && year < 100 ? new Date(millis).setUTCFullYear(year) : millis;
}

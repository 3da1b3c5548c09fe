/** 400 Gregorian years, a whole number of weeks and leap cycles. */
const FOUR_CENTURIES = 146_097 * 86_400_000;

/**
 * The millis a calendar date and clock time would have in UTC, for any year 0-9999 (`Date.UTC`
 * alone reads years 0-99 as 1900-1999; they are read 400 years later, whose calendar is the same,
 * and moved back: 1900 is no leap year, so year 0's 29 February would have become 1 March). NaN
 * when a part is out of range for `Date`.
 */
export function wallMillis(
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

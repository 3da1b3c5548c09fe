const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (0 for a month that is not 1-12). */
export function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS[month - 1] ?? 0;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * Whether the parts name a day that exists and a time of 00:00:00-23:59:59: no 30 February, no
 * 24:00, no leap second, never a value `Date.UTC` would silently carry into the next unit.
 */
export function isWallTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): boolean {
  return (
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59
  );
}

import { daysInMonth } from '@madeup/contract';

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
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59
  );
}

import { daysInMonth } from '@madeup/contract';

/**
 * Core's checks of calendar dates for years 0001..9999, on the contract's calendar
 * (`daysInMonth`, `calendarMillis`): a part out of range is an error naming it, never rolled over
 * into the next unit (month 13 as January of the next year) as `Date.UTC` would.
 */

export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** Why `year-month-day` is not a day of years 0001..9999, or undefined when it is one. */
export function calendarDateError(year: number, month: number, day: number): string | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR) return `year ${year} is outside 0001..9999`;
  if (month < 1 || month > 12) return `month ${pad(month, 2)} is not 01..12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days)
    return `day ${pad(day, 2)} does not exist in ${pad(year, 4)}-${pad(month, 2)} (01..${days})`;
  return undefined;
}

/** `YYYY-MM-DDTHH:MM:SS` of an instant, or undefined when its year is outside 0001..9999. */
export function formatUtcSeconds(millis: number): string | undefined {
  const date = new Date(millis);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return (
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`
  );
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

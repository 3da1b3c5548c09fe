/**
 * Proleptic Gregorian calendar arithmetic for years 0001..9999, without JavaScript's `Date.UTC`
 * quirks: `Date.UTC(50, ...)` means 1950 and out-of-range parts roll over (month 13 is January of
 * the next year), both of which moved stored values silently.
 */

export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why `year-month-day` is not a day of years 0001..9999, or undefined when it is one. */
export function calendarDateError(year: number, month: number, day: number): string | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR) return `year ${year} is outside 0001..9999`;
  if (month < 1 || month > 12) return `month ${pad(month, 2)} is not 01..12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days)
    return `day ${pad(day, 2)} does not exist in ${pad(year, 4)}-${pad(month, 2)} (01..${days})`;
  return undefined;
}

/** Milliseconds since 1970-01-01T00:00:00Z of a valid UTC date and time (any year, no 1900 shift). */
export function utcMillis(year: number, month: number, day: number, h: number, mi: number, s: number) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
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

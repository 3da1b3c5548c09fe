/**
 * The proleptic Gregorian calendar from its definition, for the date properties: a year is a leap
 * year when divisible by 4, except centuries not divisible by 400; days are counted from
 * 0001-01-01 (a Monday). Written out plainly, sharing nothing with src/ nor with `Date`.
 */
export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

const LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function monthLength(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : LENGTHS[month - 1]!;
}

/** Days from 0001-01-01 to the day (0 for 0001-01-01) of a year 1 or later. */
export function dayNumber({ year, month, day }: Civil): number {
  const y = year - 1;
  let days = 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  for (let m = 1; m < month; m++) days += monthLength(year, m);
  return days + day - 1;
}

/** The day `days` after 0001-01-01. */
export function civil(days: number): Civil {
  let year = Math.floor(days / 365.2425) + 1;
  while (dayNumber({ year, month: 1, day: 1 }) > days) year--;
  while (dayNumber({ year: year + 1, month: 1, day: 1 }) <= days) year++;
  let rest = days - dayNumber({ year, month: 1, day: 1 });
  let month = 1;
  while (rest >= monthLength(year, month)) rest -= monthLength(year, month++);
  return { year, month, day: rest + 1 };
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The English weekday name of a day (0001-01-01 was a Monday). */
export const weekday = (date: Civil) => WEEKDAYS[dayNumber(date) % 7]!;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD`. */
export const ymd = (date: Civil) => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

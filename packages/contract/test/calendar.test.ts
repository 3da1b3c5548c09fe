import { describe, expect, it } from 'vitest';
import { calendarMillis, daysInMonth, isLeapYear } from '../src/calendar.ts';

describe('the calendar both sides count days with', () => {
  it('has the leap years of the Gregorian rule, year 0 and negative years included', () => {
    const leap = [0, 4, 400, 1600, 2000, 2024, 9996, -4, -400];
    const common = [1, 100, 1700, 1800, 1900, 2023, 2100, 9999, -1, -100];
    expect(leap.filter((y) => !isLeapYear(y))).toEqual([]);
    expect(common.filter((y) => isLeapYear(y))).toEqual([]);
  });

  it('gives the days of each month, 29 in February of a leap year, and 0 for no month', () => {
    expect(Array.from({ length: 12 }, (_, m) => daysInMonth(2023, m + 1))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect([daysInMonth(2024, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(0, 2)]).toEqual([
      29, 28, 29, 29,
    ]);
    expect([daysInMonth(2024, 0), daysInMonth(2024, 13), daysInMonth(2024, 1.5)]).toEqual([0, 0, 0]);
  });

  it('counts millis from the epoch for every year, 0-99 not read as 1900-1999', () => {
    const day = 86_400_000;
    expect(calendarMillis(1970, 1, 1)).toBe(0);
    expect(calendarMillis(2000, 3, 1, 12, 30, 15)).toBe(951_913_815_000);
    // 0001-01-01 is 719,162 days before 1970-01-01 (ISO 8601's proleptic count).
    expect(calendarMillis(1, 1, 1)).toBe(-719_162 * day);
    expect(calendarMillis(0, 3, 1) - calendarMillis(0, 2, 28)).toBe(2 * day);
    expect(new Date(calendarMillis(99, 12, 31, 23, 59, 59)).toISOString()).toBe('0099-12-31T23:59:59.000Z');
    expect(calendarMillis(10_000, 1, 1) - calendarMillis(9999, 12, 31)).toBe(day);
  });
});

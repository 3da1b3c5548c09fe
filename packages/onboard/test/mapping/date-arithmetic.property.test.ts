import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { nextChange, oracleInstant, oracleOffset } from '../time/zone-oracle.ts';
import { type Civil, civil, dayNumber, monthLength, pad, ymd } from './calendar-oracle.ts';
import { civilDay } from './date-text.ts';
import { failure } from './expression-harness.ts';

/**
 * `addDays`, `addMonths` and `daysBetween` against the calendar oracle: dates anywhere in
 * 0001-9999 by any amount (a result outside is `invalid_date`, never wrapped), the month end
 * clamped as documented (31 January + 1 month is 28 or 29 February), and timestamps moved by
 * their wall-clock time in a zone, landing in gaps and folds by the documented rule
 * (zone-oracle.ts). `MADEUP_FUZZ_RUNS` for a long run, `MADEUP_FUZZ_SEED` to replay one.
 */

const RUNS = 200;
const DAY = 86_400_000;
const LAST_DAY = dayNumber({ year: 9999, month: 12, day: 31 });
/** 1970-01-01 counted from 0001-01-01. */
const EPOCH = dayNumber({ year: 1970, month: 1, day: 1 });

const days = fc.oneof(
  fc.integer({ min: -40, max: 40 }),
  fc.integer({ min: -3_700_000, max: 3_700_000 }),
  fc.constantFrom(-1, 1, 365, 366, -365, -366),
);
const months = fc.oneof(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -120_000, max: 120_000 }));

/** The day `months` after `date`, its day clamped to the target month's end; null outside 0001-9999. */
function plusMonths(date: Civil, count: number): Civil | null {
  const index = date.year * 12 + date.month - 1 + count;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (year < 1 || year > 9999) return null;
  return { year, month, day: Math.min(date.day, monthLength(year, month)) };
}

const got = (value: string) => `no error, got "${value}"`;
const outside = (text: string, what: string) =>
  `invalid_date: ${JSON.stringify(text)} ${what} is outside the years 0001-9999`;

it(
  'moves and counts dates by the calendar',
  () => {
    fc.assert(
      fc.property(civilDay, civilDay, days, months, (from, to, dayCount, monthCount) => {
        const text = ymd(from);
        const moved = dayNumber(from) + dayCount;
        expect(failure({ addDays: 'at', days: dayCount }, { at: text })).toBe(
          moved >= 0 && moved <= LAST_DAY ? got(ymd(civil(moved))) : outside(text, `plus ${dayCount} days`),
        );
        const shifted = plusMonths(from, monthCount);
        expect(failure({ addMonths: 'at', months: monthCount }, { at: text })).toBe(
          shifted ? got(ymd(shifted)) : outside(text, `plus ${monthCount} months`),
        );
        expect(failure({ daysBetween: ['a', 'b'] }, { a: text, b: ymd(to) })).toBe(
          `no error, got ${dayNumber(to) - dayNumber(from)}`,
        );
      }),
      fuzzOptions(RUNS),
    );
  },
  fuzzTimeout(RUNS),
);

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Gaza',
  'UTC',
];

/** Wall millis as the oracle's civil day and clock. */
const civilOf = (wall: number) => civil(Math.floor(wall / DAY) + EPOCH);
const clockOf = (wall: number) => wall - Math.floor(wall / DAY) * DAY;
const wallOf = (date: Civil, clock: number) => (dayNumber(date) - EPOCH) * DAY + clock;
const naive = (wall: number) => {
  const seconds = clockOf(wall) / 1000;
  return `${ymd(civilOf(wall))} ${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
};
const wire = (utc: number) => `${naive(utc).replace(' ', 'T')}.000000Z`;

it(
  'moves timestamps by their wall-clock time in a zone, into gaps and folds by the rule',
  () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1971, max: 2037 }),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: -3 * 3600, max: 3 * 3600 }),
        fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -800, max: 800 })),
        fc.boolean(),
        (zone, year, dayOfYear, seconds, amount, byMonths) => {
          // A target wall time near an offset change, and the time `amount` days or months before.
          const from = (dayNumber({ year, month: 1, day: 1 }) + dayOfYear - EPOCH) * DAY;
          const change = nextChange(zone, from, 400 * DAY);
          const target = change
            ? change.start + oracleOffset(zone, change.start - 1000) + seconds * 1000
            : from + seconds * 1000;
          const start = byMonths
            ? wallOf(plusMonths(civilOf(target), -amount)!, clockOf(target))
            : target - amount * DAY;
          const text = naive(start);
          const instant = oracleInstant(zone, start).utc;
          const shown = instant + oracleOffset(zone, instant);
          const moved = byMonths
            ? wallOf(plusMonths(civilOf(shown), amount)!, clockOf(shown))
            : shown + amount * DAY;
          const expression = byMonths
            ? { addMonths: 'at', months: amount, timezone: zone }
            : { addDays: 'at', days: amount, timezone: zone };
          expect(failure(expression, { at: text }), `${zone} ${text}`).toBe(
            got(wire(oracleInstant(zone, moved).utc)),
          );
          expect(failure({ daysBetween: ['a', 'b'], timezone: zone }, { a: text, b: wire(instant) })).toBe(
            'no error, got 0',
          );
        },
      ),
      fuzzOptions(RUNS),
    );
  },
  fuzzTimeout(RUNS),
);

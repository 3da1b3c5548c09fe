import fc from 'fast-check';
import { type Civil, MONTH_NAMES, monthLength, pad, weekday } from './calendar-oracle.ts';

/**
 * Generators for the date properties: real days and times, and a `format` with the text it
 * writes them as, token by token from docs/mappings.md (written here, not by src/).
 */

export interface WallTime extends Civil {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Fraction digits as written (1-9 of them), '' for none. */
  readonly fraction: string;
  /** Minutes east of UTC, or undefined for a wall-clock time. */
  readonly offset: number | undefined;
}

/** Years weighted to the calendar's corners: leap centuries, the ends of the range. */
export const year = fc.oneof(
  fc.constantFrom(1, 4, 99, 100, 400, 1582, 1900, 2000, 2024, 2100, 2400, 9996, 9999),
  fc.integer({ min: 1, max: 9999 }),
  fc.integer({ min: 1950, max: 2049 }),
);

/** A real day, now and then the first or last of the range (where an offset leaves it). */
export const civilDay: fc.Arbitrary<Civil> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .record({ year, month: fc.integer({ min: 1, max: 12 }) })
      .chain(({ year, month }) =>
        fc
          .oneof(fc.integer({ min: 1, max: monthLength(year, month) }), fc.constant(monthLength(year, month)))
          .map((day) => ({ year, month, day })),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ year: 1, month: 1, day: 1 }, { year: 9999, month: 12, day: 31 }),
  },
);

/** An offset core accepts: within +-14:00, often whole or half hours. */
export const offset = fc.oneof(
  fc.constantFrom(0, 60, -60, 330, -210, 345, 840, -840),
  fc.integer({ min: -840, max: 840 }),
);

export const wallTime: fc.Arbitrary<WallTime> = fc.record({
  year: fc.constant(0),
  month: fc.constant(0),
  day: fc.constant(0),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\d{1,9}$/)),
  offset: fc.option(offset, { nil: undefined }),
});

/** `+HH`, `+HHMM`, `+HH:MM` or `Z`, whichever can write the offset. */
export function offsetText(minutes: number, form: number): string {
  if (minutes === 0 && form === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60));
  const rest = pad(Math.abs(minutes) % 60);
  if (form === 1 && rest === '00') return `${sign}${hours}`;
  return form === 2 ? `${sign}${hours}${rest}` : `${sign}${hours}:${rest}`;
}

/** One piece of a format and the text it stands for. */
type Piece = readonly [format: string, text: string];

const cased = (name: string, how: number) =>
  how === 0 ? name : how === 1 ? name.toUpperCase() : name.toLowerCase();

/** A format that writes `time` and the text it writes, by the table of docs/mappings.md. */
export const formatted = fc
  .record({
    date: civilDay,
    time: wallTime,
    yearToken: fc.constantFrom('yyyy', 'yy'),
    monthToken: fc.constantFrom('MM', 'M', 'MMM', 'MMMM'),
    dayToken: fc.constantFrom('dd', 'd'),
    order: fc.constantFrom('ymd', 'dmy', 'mdy'),
    dateSep: fc.constantFrom('-', '/', '.', ' ', ', '),
    weekdayToken: fc.constantFrom('', 'EEE', 'EEEE'),
    clock: fc.constantFrom('', 'HH', 'H', 'hh', 'h'),
    minuteToken: fc.constantFrom('mm', 'm'),
    secondToken: fc.constantFrom('', 'ss', 's'),
    fractionLength: fc.integer({ min: 1, max: 9 }),
    ampm: fc.constantFrom(['AM', 'PM'], ['am', 'pm'], ['A.M.', 'P.M.'], ['a.m.', 'p.m.']),
    timeSep: fc.constantFrom<Piece>([' ', ' '], ["'T'", 'T'], ["' at '", ' at '], ["''", "'"]),
    offsetToken: fc.constantFrom('X', 'XX', 'XXX', 'Z'),
    offsetForm: fc.integer({ min: 0, max: 3 }),
    nameCase: fc.integer({ min: 0, max: 2 }),
  })
  .map((f) => {
    const usesYy = f.yearToken === 'yy' && f.date.year >= 1950 && f.date.year <= 2049;
    const date = f.date;
    const y: Piece = usesYy ? ['yy', pad(date.year % 100)] : ['yyyy', pad(date.year, 4)];
    const name = MONTH_NAMES[date.month - 1]!;
    const m: Piece = [
      f.monthToken,
      f.monthToken === 'MM'
        ? pad(date.month)
        : f.monthToken === 'M'
          ? String(date.month)
          : cased(f.monthToken === 'MMM' ? name.slice(0, 3) : name, f.nameCase),
    ];
    const d: Piece = [f.dayToken, f.dayToken === 'dd' ? pad(date.day) : String(date.day)];
    const parts = f.order === 'ymd' ? [y, m, d] : f.order === 'dmy' ? [d, m, y] : [m, d, y];
    const pieces: Piece[] = [];
    if (f.weekdayToken !== '') {
      const day = weekday(date);
      pieces.push(
        [f.weekdayToken, cased(f.weekdayToken === 'EEE' ? day.slice(0, 3) : day, f.nameCase)],
        [', ', ', '],
      );
    }
    for (const [i, part] of parts.entries()) {
      if (i > 0) pieces.push([f.dateSep, f.dateSep]);
      pieces.push(part);
    }
    let time = { ...f.time, year: date.year, month: date.month, day: date.day };
    if (f.clock === '') time = { ...time, hour: 0, minute: 0, second: 0, fraction: '', offset: undefined };
    else {
      const twelve = f.clock.startsWith('h');
      const hour = twelve ? time.hour % 12 || 12 : time.hour;
      pieces.push(f.timeSep, [f.clock, f.clock.length === 2 ? pad(hour) : String(hour)]);
      pieces.push(
        [':', ':'],
        [f.minuteToken, f.minuteToken === 'mm' ? pad(time.minute) : String(time.minute)],
      );
      if (f.secondToken === '') time = { ...time, second: 0, fraction: '' };
      else {
        pieces.push(
          [':', ':'],
          [f.secondToken, f.secondToken === 'ss' ? pad(time.second) : String(time.second)],
        );
        if (time.fraction !== '') pieces.push(['.', '.'], ['S'.repeat(f.fractionLength), time.fraction]);
      }
      if (twelve) pieces.push([' ', ' '], ['a', f.ampm[time.hour < 12 ? 0 : 1]!]);
      if (time.offset !== undefined) pieces.push([f.offsetToken, offsetText(time.offset, f.offsetForm)]);
    }
    return {
      format: pieces.map(([format]) => format).join(''),
      text: pieces.map(([, text]) => text).join(''),
      time,
    };
  });

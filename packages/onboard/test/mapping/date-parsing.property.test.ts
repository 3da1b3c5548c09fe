import type { FieldSchema } from '@madeup/contract';
import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fieldConverter } from '../../src/mapping/field-conversion.ts';
import { civil, dayNumber, pad, ymd } from './calendar-oracle.ts';
import { civilDay, formatted, offsetText, type WallTime, wallTime } from './date-text.ts';
import { failure } from './expression-harness.ts';

/**
 * `timestamp` and `date` read every documented format token and ISO-8601 shape as the calendar
 * says (calendar-oracle.ts): any real day of the years 0001-9999, leap days of 1900/2000/2400
 * included, any time, offset and fraction; an instant the wire form cannot hold is `invalid_date`.
 * ISO-8601 text given straight to a `timestamp` or `date` field reads the same.
 * `MADEUP_FUZZ_RUNS` for a long run, `MADEUP_FUZZ_SEED` to replay one.
 */

const RUNS = 300;

/** What a `timestamp` or `date` field given the text directly (no expression) makes of it. */
function field(type: 'timestamp' | 'date', text: string): string {
  const schema = { name: 'at', type, required: false } as unknown as FieldSchema;
  try {
    return `no error, got ${JSON.stringify(fieldConverter(schema, 'UTC')(text))}`;
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
}
const LAST_DAY = dayNumber({ year: 9999, month: 12, day: 31 });

/** What `timestamp` and `date` (read in UTC) must give for `time` written as `text`. */
function expected(time: WallTime, text: string): { timestamp: string; date: string } {
  const seconds = dayNumber(time) * 86_400 + (time.hour * 60 + time.minute) * 60 + time.second;
  const utc = seconds - (time.offset ?? 0) * 60;
  const days = Math.floor(utc / 86_400);
  if (days < 0 || days > LAST_DAY) {
    const error = `invalid_date: ${JSON.stringify(text)} is outside the years 0001-9999 in UTC`;
    return { timestamp: error, date: error };
  }
  const rest = utc - days * 86_400;
  const micros = time.fraction.slice(0, 6).padEnd(6, '0');
  const clock = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor(rest / 60) % 60)}:${pad(rest % 60)}`;
  const day = ymd(civil(days));
  return {
    timestamp: `no error, got "${day}T${clock}.${micros}Z"`,
    date: `no error, got "${time.offset === undefined ? ymd(time) : day}"`,
  };
}

it(
  'reads every format token as documented',
  () => {
    fc.assert(
      fc.property(formatted, ({ format, text, time }) => {
        const want = expected(time, text);
        expect(failure({ timestamp: 'at', format }, { at: text }), `${format} ${text}`).toBe(want.timestamp);
        expect(failure({ date: 'at', format }, { at: text }), `${format} ${text}`).toBe(want.date);
      }),
      fuzzOptions(RUNS),
    );
  },
  fuzzTimeout(RUNS),
);

const isoShape = fc.record({
  date: civilDay,
  time: wallTime,
  parts: fc.constantFrom('date', 'minutes', 'seconds'),
  sep: fc.constantFrom('T', ' ', 't'),
  comma: fc.boolean(),
  offsetForm: fc.integer({ min: 0, max: 3 }),
  lower: fc.boolean(),
  space: fc.constantFrom('', ' ', '\t'),
});

it(
  'reads every ISO-8601 shape as documented',
  () => {
    fc.assert(
      fc.property(isoShape, (shape) => {
        let time: WallTime = { ...shape.time, ...shape.date };
        let text = ymd(time);
        if (shape.parts === 'date')
          time = { ...time, hour: 0, minute: 0, second: 0, fraction: '', offset: undefined };
        else {
          text += `${shape.sep}${pad(time.hour)}:${pad(time.minute)}`;
          if (shape.parts === 'minutes') time = { ...time, second: 0, fraction: '' };
          else
            text += `:${pad(time.second)}${time.fraction === '' ? '' : `${shape.comma ? ',' : '.'}${time.fraction}`}`;
          if (time.offset !== undefined) {
            const zone = offsetText(time.offset, shape.offsetForm);
            text += shape.lower ? zone.toLowerCase() : zone;
          }
        }
        text = `${shape.space}${text}${shape.space}`;
        const want = expected(time, text);
        expect(failure({ timestamp: 'at' }, { at: text })).toBe(want.timestamp);
        expect(failure({ date: 'at' }, { at: text })).toBe(want.date);
        expect(field('timestamp', text)).toBe(want.timestamp);
        expect(field('date', text)).toBe(want.date);
      }),
      fuzzOptions(RUNS),
    );
  },
  fuzzTimeout(RUNS),
);

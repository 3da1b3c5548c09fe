import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateKind } from '../../../src/model/kinds/date-kind.ts';
import { civilFromDays, daysFromCivil, isCalendarDate } from './civil-oracle.ts';

const RUNS = 300;
const DEF = { type: 'date' } as const;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('date kind (properties)', () => {
  it(
    'accepts exactly the days of the proleptic Gregorian calendar in 0001..9999, as written',
    () => {
      const parts = fc.record({
        year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 1, 100, 1900, 2000, 2100, 2400)),
        month: fc.integer({ min: 0, max: 13 }),
        day: fc.integer({ min: 0, max: 32 }),
      });
      fc.assert(
        fc.property(parts, ({ year, month, day }) => {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const parsed = dateKind.parse(text, DEF);
          if (isCalendarDate(year, month, day)) {
            expect(parsed, text).toEqual({ ok: true, value: text });
            expect(dateKind.parse(text, DEF)).toEqual(parsed);
            expect(dateKind.fromDb(dateKind.toDb(text))).toBe(text);
          } else
            expect(parsed, text).toMatchObject({
              ok: false,
              code: 'invalid_format',
              message: expect.stringMatching(/year|month|day/),
            });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'accepts every day of the range: a day count from 0001-01-01 spelled by the oracle',
    () => {
      const first = daysFromCivil(1, 1, 1);
      const last = daysFromCivil(9999, 12, 31);
      fc.assert(
        fc.property(fc.bigInt({ min: first, max: last }), (days) => {
          const { year, month, day } = civilFromDays(days);
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(dateKind.parse(text, DEF), text).toEqual({ ok: true, value: text });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it('refuses other spellings of a date as invalid_format', () => {
    for (const text of [
      '2024-1-01',
      '24-01-01',
      '2024/01/01',
      '2024-01-01T00:00:00Z',
      ' 2024-01-01',
      '+2024-01-01',
      '२०२४-01-01',
    ])
      expect(dateKind.parse(text, DEF), text).toMatchObject({ ok: false, code: 'invalid_format' });
  });
});

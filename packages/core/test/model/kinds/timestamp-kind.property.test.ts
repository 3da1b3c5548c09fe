import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/import/content-hash.ts';
import { timestampKind } from '../../../src/model/kinds/timestamp-kind.ts';
import { MODEL } from '../../../src/model/model.ts';
import { epochMicros, formatMicros, isCalendarDate, monthLength } from './civil-oracle.ts';

const RUNS = 300;
const DEF = { type: 'timestamp' } as const;
const invoices = MODEL.get('invoices');
if (invoices === undefined) throw new Error('no entity invoices');

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A wall time that exists, near the ends of the range more often than chance. */
const wallTime = fc
  .record({
    year: fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.constantFrom(1, 2, 99, 100, 1970, 2000, 9998, 9999)),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    micros: fc.integer({ min: 0, max: 999_999 }),
  })
  .map((p) => ({ ...p, day: Math.min(p.day, monthLength(p.year, p.month)) }));

/** A wall time within 14 hours of either end of the range (an offset may push it out). */
const edgeTime = fc
  .record({
    year: fc.constant(1),
    month: fc.constant(1),
    day: fc.constant(1),
    hour: fc.integer({ min: 0, max: 14 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    micros: fc.constantFrom(0, 1, 999_999),
  })
  .chain((start) =>
    fc.constantFrom(start, { ...start, year: 9999, month: 12, day: 31, hour: 23 - start.hour }),
  );

/** One of the spellings docs/core.md accepts for that wall time and an offset of -14:00..+14:00. */
const spelled = fc.record({
  time: fc.oneof({ arbitrary: wallTime, weight: 4 }, { arbitrary: edgeTime, weight: 1 }),
  offset: fc.oneof(fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.constantFrom(0, 840, -840, 60, -570)),
  separator: fc.constantFrom('T', 't', ' '),
  digits: fc.integer({ min: 0, max: 9 }),
  zoneStyle: fc.constantFrom('Z', 'z', 'HH:MM', 'HHMM', 'HH', '-00:00'),
});

type Spelling = typeof spelled extends fc.Arbitrary<infer T> ? T : never;

/** The text, and the offset it really spells (a style that cannot spell the offset spells UTC). */
function textOf(s: Spelling): { text: string; offset: number } {
  const { time: t, separator } = s;
  // Fraction digits beyond the microseconds' are zeros (docs: extra digits only if zeros).
  const six = pad(t.micros, 6);
  const trimmed = six.replace(/0+$/, '');
  const digits = Math.max(s.digits, trimmed.length);
  const fraction = digits === 0 ? '' : `.${six.padEnd(9, '0').slice(0, digits)}`;
  let offset = s.offset;
  let zone: string;
  const sign = offset < 0 ? '-' : '+';
  const hh = pad(Math.floor(Math.abs(offset) / 60), 2);
  const mm = pad(Math.abs(offset) % 60, 2);
  if (s.zoneStyle === 'Z' || s.zoneStyle === 'z' || s.zoneStyle === '-00:00') {
    offset = 0;
    zone = s.zoneStyle;
  } else if (s.zoneStyle === 'HH') {
    offset = Math.trunc(offset / 60) * 60;
    zone = `${offset < 0 ? '-' : '+'}${pad(Math.abs(offset) / 60, 2)}`;
  } else zone = `${sign}${hh}${s.zoneStyle === 'HH:MM' ? ':' : ''}${mm}`;
  const date = `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
  const clock = `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`;
  return { text: `${date}${separator}${clock}${fraction}${zone}`, offset };
}

/** The UTC instant the text names, from BigInt epoch arithmetic; undefined outside 0001..9999. */
function expectedOf(s: Spelling, offset: number): string | undefined {
  return formatMicros(epochMicros(s.time, s.time.micros) - BigInt(offset) * 60_000_000n);
}

describe('timestamp kind (properties)', () => {
  it(
    'maps every accepted spelling of offset and fraction to the UTC instant computed independently',
    () => {
      fc.assert(
        fc.property(spelled, (s) => {
          const { text, offset } = textOf(s);
          const want = expectedOf(s, offset);
          const parsed = timestampKind.parse(text, DEF);
          if (want === undefined)
            expect(parsed, text).toMatchObject({
              ok: false,
              code: 'invalid_format',
              message: expect.stringMatching(/0001\.\.9999/),
            });
          else {
            expect(parsed, text).toEqual({ ok: true, value: want });
            // Idempotent, and stored then read back unchanged.
            expect(timestampKind.parse(want, DEF)).toEqual(parsed);
            expect(timestampKind.fromDb(timestampKind.toDb(want))).toBe(want);
          }
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'gives equal content hashes exactly to spellings of the same instant',
    () => {
      fc.assert(
        fc.property(spelled, spelled, fc.boolean(), (a, b, sameInstant) => {
          // Half the pairs: b is a re-spelling of a's wall time (often the same instant).
          const right = sameInstant ? { ...b, time: a.time } : b;
          const left = textOf(a);
          const other = textOf(right);
          const x = expectedOf(a, left.offset);
          const y = expectedOf(right, other.offset);
          if (x === undefined || y === undefined) return;
          const hashOf = (text: string) => {
            const parsed = timestampKind.parse(text, DEF);
            if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
            return contentHash(invoices, [parsed.value], []);
          };
          expect(hashOf(left.text) === hashOf(other.text), `${left.text} vs ${other.text}`).toBe(x === y);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'accepts offsets within -14:00..+14:00 with minutes 00..59 and refuses the others, naming the offset',
    () => {
      const zone = fc.record({
        sign: fc.constantFrom('+', '-'),
        hours: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 13, max: 15 })),
        minutes: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constantFrom(0, 1, 59, 60)),
        colon: fc.boolean(),
      });
      const middle = wallTime.filter((t) => t.year >= 2 && t.year <= 9998);
      fc.assert(
        fc.property(middle, zone, (t, z) => {
          const clock = `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.micros, 6)}`;
          const zoneText = `${z.sign}${pad(z.hours, 2)}${z.colon ? ':' : ''}${pad(z.minutes, 2)}`;
          const text = `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${clock}${zoneText}`;
          const minutes = z.hours * 60 + z.minutes;
          const parsed = timestampKind.parse(text, DEF);
          if (z.minutes <= 59 && minutes <= 14 * 60) {
            const offset = z.sign === '-' ? -minutes : minutes;
            const want = formatMicros(epochMicros(t, t.micros) - BigInt(offset) * 60_000_000n);
            expect(parsed, text).toEqual({ ok: true, value: want });
          } else
            expect(parsed, text).toMatchObject({
              ok: false,
              code: 'invalid_format',
              message: expect.stringContaining(`offset ${zoneText}`),
            });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'refuses a wall time that does not exist, naming the part, never rolling it over',
    () => {
      const part = fc.record({
        year: fc.integer({ min: 0, max: 9999 }),
        month: fc.integer({ min: 0, max: 19 }),
        day: fc.integer({ min: 0, max: 39 }),
        hour: fc.integer({ min: 0, max: 29 }),
        minute: fc.integer({ min: 0, max: 69 }),
        second: fc.integer({ min: 0, max: 69 }),
      });
      fc.assert(
        fc.property(part, (p) => {
          const text = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}Z`;
          const exists =
            isCalendarDate(p.year, p.month, p.day) && p.hour <= 23 && p.minute <= 59 && p.second <= 59;
          const parsed = timestampKind.parse(text, DEF);
          if (exists) expect(parsed, text).toEqual({ ok: true, value: `${text.slice(0, 19)}.000000Z` });
          else
            expect(parsed, text).toMatchObject({
              ok: false,
              code: 'invalid_format',
              message: expect.stringMatching(/year|month|day|hour|minute|second/),
            });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

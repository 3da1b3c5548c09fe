import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { toUtcTimestamp } from '../../src/connectors/shared/timestamps.ts';
import { monthLength, pad } from './calendar-oracle.ts';
import { civilDay, year } from './date-text.ts';
import { failure } from './expression-harness.ts';

/**
 * Text naming no real time (30 February, 29 February 1900, month 13, 24:00, 25:61, a leap second,
 * year 0000, an offset +15:00 or +01:60, trailing or leading junk, a 5-digit year) fails the row
 * with `invalid_date` and a message quoting the text, in ISO-8601 and through a format, for
 * `timestamp` and `date`, in any zone: never read as a neighbouring day or hour. The connectors'
 * reader says null (then warns) for the same text. `MADEUP_FUZZ_RUNS` for a long run.
 */

const RUNS = 300;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offset: string;
}

type Fault = 'field' | 'offset' | 'junk';

const broken = (fields: Partial<Fields>, kind: Fault = 'field'): [Partial<Fields>, Fault] => [fields, kind];

const fieldFault: fc.Arbitrary<[Partial<Fields>, Fault]> = fc.oneof(
  fc.constantFrom(0, 13, 19, 99).map((month) => broken({ month })),
  fc
    .record({
      year: fc.oneof(fc.constantFrom(1900, 2100, 2023, 1, 9999), year),
      month: fc.constantFrom(2, 4, 1, 11),
    })
    .chain(({ year, month }) =>
      fc
        .oneof(fc.constant(0), fc.constant(monthLength(year, month) + 1), fc.integer({ min: 29, max: 99 }))
        .filter((day) => day === 0 || day > monthLength(year, month))
        .map((day) => broken({ year, month, day })),
    ),
  fc.oneof(fc.constant(24), fc.integer({ min: 24, max: 99 })).map((hour) => broken({ hour })),
  fc.oneof(fc.constant(60), fc.integer({ min: 60, max: 99 })).map((minute) => broken({ minute })),
  fc.oneof(fc.constant(60), fc.integer({ min: 60, max: 99 })).map((second) => broken({ second })),
  fc.constant(broken({ year: 0 })),
  fc.constantFrom('+14:01', '-14:01', '+00:60').map((offset) => broken({ offset }, 'offset')),
  fc
    .tuple(
      fc.constantFrom('+', '-'),
      fc.oneof(fc.constantFrom(0, 1, 13, 14, 15, 23, 24), fc.integer({ min: 0, max: 99 })),
      fc.oneof(fc.constantFrom(1, 59, 60), fc.integer({ min: 0, max: 99 })),
    )
    .filter(([, h, m]) => m > 59 || h * 60 + m > 840)
    .map(([sign, h, m]) => broken({ offset: `${sign}${pad(h)}:${pad(m)}` }, 'offset')),
);

const junk = fc.record({
  where: fc.constantFrom('before', 'after'),
  text: fc.constantFrom('x', '!', '#1', '..', '--', '/', ' T', '\u0000', '２', 'é', 'null', ' 12:00 x'),
});

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu'];

it(
  'fails the row with invalid_date quoting the text, for every impossible value',
  () => {
    fc.assert(
      fc.property(
        civilDay,
        fc.oneof(
          fieldFault,
          junk.map((j): [typeof j, Fault] => [j, 'junk']),
        ),
        fc.boolean(),
        fc.constantFrom(...ZONES),
        (day, [fault, kind], iso, zone) => {
          const f: Fields = {
            ...day,
            hour: 10,
            minute: 30,
            second: 15,
            offset: '',
            ...(kind === 'junk' ? {} : fault),
          };
          const stamp = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${f.offset}`;
          let text = iso ? stamp : `${pad(f.day)}.${pad(f.month)}.${pad(f.year, 4)} ${stamp.slice(11)}`;
          if (kind === 'junk') {
            const j = fault as { where: string; text: string };
            text = j.where === 'before' ? `${j.text}${text}` : `${text}${j.text}`;
          }
          const format = f.offset === '' ? 'dd.MM.yyyy HH:mm:ss' : 'dd.MM.yyyy HH:mm:ssXXX';
          const options = iso ? {} : { format };
          const quoted = JSON.stringify(text);
          const message =
            kind === 'junk'
              ? iso
                ? `${quoted} is not an ISO-8601 date or timestamp`
                : `${quoted} does not match the format "${format}"`
              : kind === 'offset'
                ? `${quoted} has an offset outside -14:00..+14:00 or with minutes over 59`
                : `${quoted} is not a valid date or time`;
          for (const operator of ['timestamp', 'date'])
            expect(failure({ [operator]: 'at', timezone: zone, ...options }, { at: text })).toBe(
              `invalid_date: ${message}`,
            );
          // The connectors read year 0 (1 BC, from PostgreSQL) and any offset a clock could show.
          const [hours, minutes] = f.offset.slice(1).split(':').map(Number) as [number, number];
          const unreadable = kind === 'offset' ? hours > 23 || minutes > 59 : kind === 'junk' || f.year > 0;
          if (iso && unreadable) expect(toUtcTimestamp(text.replace('T', ' '), zone)).toBeNull();
        },
      ),
      fuzzOptions(RUNS),
    );
  },
  fuzzTimeout(RUNS),
);

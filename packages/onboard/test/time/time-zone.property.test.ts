import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { toNaiveTimestamp, toUtcTimestamp } from '../../src/connectors/shared/timestamps.ts';
import { utcToWallTime, wallTimeToUtc } from '../../src/time/time-zone.ts';
import { evaluate } from '../mapping/expression-harness.ts';
import { nextChange, oracleInstant, oracleOffset } from './zone-oracle.ts';

/**
 * Every IANA zone the runtime knows, wall-clock times right at its offset changes (gaps, folds,
 * local mean time's odd seconds) and anywhere in years 2-9997: the time-zone engine, the `timestamp`
 * and `date` expressions and the connectors' timestamp reader all give the instant the documented
 * rule gives (zone-oracle.ts), and the instant's wall time reads back (also as the naive text a
 * cursor is sent to a source as). `MADEUP_FUZZ_RUNS` for a
 * long run, `MADEUP_FUZZ_SEED` to replay one.
 */

const ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])];
const YEAR = 365.2425 * 86_400_000;
const RUNS = 150;

const instantInYear = fc
  .oneof(
    { weight: 1, arbitrary: fc.integer({ min: 2, max: 1849 }) },
    { weight: 3, arbitrary: fc.integer({ min: 1850, max: 1969 }) },
    { weight: 4, arbitrary: fc.integer({ min: 1970, max: 2050 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2051, max: 9997 }) },
  )
  .chain((year) =>
    fc
      .integer({ min: 0, max: 364 * 86_400 })
      .map((second) => new Date(0).setUTCFullYear(year, 0, 1) + second * 1000),
  );

/** A shift in seconds from a change's edge: often right at it, else within three hours. */
const shift = fc.oneof(
  fc.constantFrom(-1, 0, 1, 59, 60, 1799, 1800),
  fc.integer({ min: -3 * 3600, max: 3 * 3600 }),
);

/** A wall time (UTC millis, whole seconds) near an offset change of `zone` when it has one. */
function wallNear(zone: string, from: number, edge: 'before' | 'after', seconds: number): number {
  const change = nextChange(zone, from, 3 * YEAR);
  if (change === null) return from + oracleOffset(zone, from) + seconds * 1000;
  const offset = edge === 'after' ? change.offset : oracleOffset(zone, change.start - 1000);
  return change.start + offset + seconds * 1000;
}

const wire = (utc: number) => `${new Date(utc).toISOString().slice(0, 19)}.000000Z`;
const naive = (wall: number) => new Date(wall).toISOString().slice(0, 19).replace('T', ' ');

it(
  'reads wall times in every zone by the documented fold and gap rule',
  () => {
    const seen = { plain: 0, fold: 0, gap: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        instantInYear,
        fc.constantFrom('before', 'after', 'anywhere'),
        shift,
        (zone, from, edge, seconds) => {
          const wall =
            edge === 'anywhere'
              ? from + oracleOffset(zone, from)
              : wallNear(zone, from, edge as 'before' | 'after', seconds);
          const expected = oracleInstant(zone, wall);
          seen[expected.kind]++;
          expect(wallTimeToUtc(zone, wall), `${zone} ${naive(wall)} (${expected.kind})`).toBe(expected.utc);
          const shown = expected.utc + oracleOffset(zone, expected.utc);
          expect(utcToWallTime(zone, expected.utc)).toBe(shown);
          if (expected.kind !== 'gap') expect(shown).toBe(wall);
          else expect(shown).toBeGreaterThan(wall);

          const text = naive(wall);
          expect(toUtcTimestamp(text, zone)).toBe(wire(expected.utc));
          // Back to naive text, as cursors are sent to a source: the wall time shown then.
          expect(toNaiveTimestamp(wire(expected.utc), zone)).toBe(`${naive(shown)}.000000`);
          expect(evaluate({ timestamp: 'at', timezone: zone }, { at: text })).toBe(wire(expected.utc));
          expect(evaluate({ date: 'at', timezone: zone }, { at: wire(expected.utc) })).toBe(
            new Date(shown).toISOString().slice(0, 10),
          );
        },
      ),
      fuzzOptions(RUNS),
    );
    // The generators must reach both odd cases, or the property proves little.
    expect(seen.fold).toBeGreaterThan(0);
    expect(seen.gap).toBeGreaterThan(0);
  },
  fuzzTimeout(RUNS),
);

it(
  'shows every instant at the offset the zone has then',
  () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instantInYear, (zone, utc) => {
        expect(utcToWallTime(zone, utc)).toBe(utc + oracleOffset(zone, utc));
      }),
      fuzzOptions(RUNS * 2),
    );
  },
  fuzzTimeout(RUNS * 2),
);

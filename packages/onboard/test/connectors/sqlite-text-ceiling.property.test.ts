import { describeEachDialect, fuzzOptions, fuzzTimeout, useTestDatabase } from '@madeup/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql } from './sql-exec.ts';

/**
 * SQLite's cursor ceiling of a text timestamp is narrowed in SQL before values are compared
 * (`textTimestampCeiling`): whatever the spellings, offsets (up to ±23:59) and days between the
 * values, it must be the latest instant. The oracle is the generator's own: each row is an instant
 * in milliseconds spelled in one of several ways, so the expected ceiling is the largest instant
 * written as ISO UTC, without onboard's parser.
 */
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** `YYYY-MM-DD HH:MM:SS.mmm` of a Date's UTC fields, with `sep` between date and time. */
function wall(at: Date, sep: string): string {
  return (
    `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}${sep}` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}.${pad(at.getUTCMilliseconds(), 3)}`
  );
}

/** One instant spelled as SQLite sources hold them: naive UTC, `T…Z`, or a wall time with an offset. */
function spell(ms: number, how: number, offsetMinutes: number): string {
  if (how === 0) return wall(new Date(ms), ' ');
  if (how === 1) return `${wall(new Date(ms), 'T')}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${wall(new Date(ms + offsetMinutes * 60_000), ' ')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}000Z`;

describeEachDialect(
  'SQLite text-timestamp cursor ceiling',
  (target) => {
    const database = useTestDatabase(target, 'tceil');
    let connector: Connector;
    let table = 0;
    beforeAll(() => {
      connector = openConnector({ url: database().url });
    });
    afterAll(() => connector.close());

    /** The ceiling of a new table's `at` column holding `values` (text, numbers as stored numbers, null). */
    async function ceilingOf(values: readonly (string | number | null)[]): Promise<unknown> {
      table += 1;
      const name = `t${table}`;
      await execSql(database(), [
        `CREATE TABLE ${name} (id INTEGER PRIMARY KEY, at DATETIME)`,
        ...(values.length > 0
          ? [
              `INSERT INTO ${name} (at) VALUES ${values.map((v) => `(${typeof v === 'string' ? `'${v}'` : String(v)})`).join(', ')}`,
            ]
          : []),
      ]);
      const stream = (await connector.discover()).find((s): s is StreamInfo => s.name === name);
      if (stream === undefined) throw new Error(`no stream ${name}`);
      return connector.cursorCeiling?.(stream, 'at');
    }

    it(
      'is the latest instant whatever the spellings, offsets and days between the values',
      async () => {
        // Within a few days of one another, so spellings and offsets decide which is latest.
        const base = Date.UTC(2026, 2, 10);
        const value = fc.record({
          ms: fc.integer({ min: base - 6 * 86_400_000, max: base + 86_400_000 }),
          how: fc.integer({ min: 0, max: 2 }),
          offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        });
        await fc.assert(
          fc.asyncProperty(
            fc.array(value, { minLength: 1, maxLength: 12 }),
            fc.boolean(),
            async (rows, withNull) => {
              const texts = rows.map((r) => spell(r.ms, r.how, r.offset));
              const expected = iso(Math.max(...rows.map((r) => r.ms)));
              expect(await ceilingOf(withNull ? [...texts, null] : texts)).toBe(expected);
            },
          ),
          fuzzOptions(60),
        );
      },
      fuzzTimeout(60, 200),
    );

    it('finds a latest value dated two days below the largest text (offsets of almost a day each way)', async () => {
      // 2026-03-10 00:00+23:59 is 2026-03-09T00:01Z; 2026-03-08 23:59-23:59 is 2026-03-09T23:58Z.
      expect(
        await ceilingOf(['2026-03-01 12:00:00', '2026-03-10 00:00:00+23:59', '2026-03-08 23:59:00-23:59']),
      ).toBe('2026-03-09T23:58:00.000000Z');
    });

    it('reads every value where a text has another shape, or the largest text is no timestamp', async () => {
      // A year past 9999 sorts before every four-digit year as text.
      expect(await ceilingOf(['2026-03-01 10:00:00', '+010000-01-01 00:00:00'])).toBe(
        '+010000-01-01T00:00:00.000000Z',
      );
      // The largest text is read as null (a warning): it bounds nothing, the values days below count.
      expect(await ceilingOf(['2026-03-01 10:00:00', '2026-12-31 junk'])).toBe('2026-03-01T10:00:00.000000Z');
      expect(await ceilingOf(['2026-03-01 10:00:00', '2026-13-45 10:00:00'])).toBe(
        '2026-03-01T10:00:00.000000Z',
      );
      // A year before 1 sorts as its digits: 2027 BC is far earlier than 1999.
      expect(await ceilingOf(['1999-01-01 00:00:00', '2027-01-01 00:00:00 BC'])).toBe(
        '1999-01-01T00:00:00.000000Z',
      );
      // Epoch seconds (SQLite sorts numbers before text) are compared by value too.
      expect(await ceilingOf(['2026-03-01 10:00:00', Date.UTC(2026, 2, 5) / 1000])).toBe(
        '2026-03-05T00:00:00.000000Z',
      );
      expect(await ceilingOf([])).toBeNull();
    });
  },
  ['sqlite'],
);

import type { DialectName } from '@madeup/testkit';
import fc from 'fast-check';

/**
 * One row of the value round-trip property: a key and a value of every column type the SQL
 * connectors read, hostile ones drawn as often as plain ones. Dates and timestamps are kept as
 * their parts, so the expected reading is computed here without the connector's code.
 */
export interface ValueRow {
  readonly id: bigint;
  readonly t: string | null;
  readonly i: number | null;
  readonly b: bigint | null;
  /** Decimal text as inserted (`-0.000`, `007.50`, 35 integer digits...). */
  readonly d: string | null;
  readonly f: number | null;
  readonly bo: boolean | null;
  readonly dt: WallTime | null;
  /** A naive timestamp, read in the source's timezone. */
  readonly ts: WallTime | null;
  /** A zoned timestamp: a wall time and its offset in minutes. */
  readonly tz: { readonly wall: WallTime; readonly offset: number } | null;
  readonly bin: Uint8Array | null;
  readonly j: unknown;
  readonly u: string | null;
}

/** Calendar and clock parts, micros included. */
export interface WallTime {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
  readonly us: number;
}

/** The timezones a source is read in: whole, half and 45-minute offsets, 30-minute DST. */
export const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
] as const;

/** Wall times next to DST changes (gaps and folds) of the zones above, local time. */
const DST_EDGES: readonly (readonly [number, number, number, number, number])[] = [
  [2024, 3, 31, 2, 30],
  [2024, 10, 27, 2, 30],
  [2024, 3, 10, 2, 30],
  [2024, 11, 3, 1, 30],
  [2024, 4, 7, 1, 45],
  [2024, 10, 6, 2, 15],
  [2024, 4, 7, 3, 45],
  [2024, 9, 29, 2, 45],
  [1911, 3, 11, 0, 0],
  [1883, 11, 18, 12, 0],
];

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 6 });
const edgy = <T>(edges: readonly T[], arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: arb, weight: 1 });

const I32 = [-(2 ** 31), 2 ** 31 - 1, -1, 0, 1, 2 ** 31 - 2, -(2 ** 31) + 1];
const I64 = [
  -(2n ** 63n),
  2n ** 63n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  -(2n ** 53n) - 1n,
  2n ** 53n - 1n,
  -(2n ** 53n) + 1n,
  0n,
  -1n,
];
const FLOATS = [
  -0,
  0,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  2.225073858507201e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  0.1,
  2 ** 53 + 2,
  1e21,
  123456789012345680000,
];

function text(dialect: DialectName): fc.Arbitrary<string> {
  const hostile = fc.constantFrom(
    '',
    ' ',
    "'",
    "''",
    '\\',
    "\\'",
    '"',
    '`',
    '%_',
    '\u0000',
    'a\u0000b',
    '\u{1F600}',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    'e\u0301',
    '\u202Eevil',
    '\uFEFF',
    '\r\n\t',
    'NULL',
    'null',
    '0x00',
    '\\N',
    'x'.repeat(70_000),
  );
  const random = fc.string({ unit: 'binary', maxLength: 40 });
  const long = fc
    .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.integer({ min: 1000, max: 30_000 }))
    .map(([s, n]) => s.repeat(n));
  const arb = fc.oneof(
    hostile,
    random,
    random.map((s) => `\\${s}'${s}\u0000`),
    long,
  );
  // PostgreSQL text cannot hold NUL.
  return dialect === 'postgres' ? arb.map((s) => s.replaceAll('\u0000', '')) : arb;
}

/** Decimal text for a DECIMAL(65,30): up to 35 integer digits and 30 after the point, oddly written. */
const decimal = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.oneof(fc.constantFrom('0', '00', '9'.repeat(35), '1'), fc.stringMatching(/^[0-9]{1,35}$/)),
    fc.oneof(
      fc.constant(''),
      fc.constantFrom('.', '.0', `.${'0'.repeat(30)}`, `.${'9'.repeat(30)}`, `.${'0'.repeat(29)}1`),
      fc.stringMatching(/^[0-9]{1,30}$/).map((s) => `.${s}`),
      fc.stringMatching(/^[0-9]{1,10}$/).map((s) => `.${s}${'0'.repeat(20)}`),
    ),
  )
  .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === '.' ? '.0' : fraction}`);

const float = edgy(FLOATS, fc.double({ noNaN: true, noDefaultInfinity: true }));

function wallTime(years: { min: number; max: number }): fc.Arbitrary<WallTime> {
  const random = fc.record({
    y: edgy(
      [years.min, years.max, 1970, 2000, 2038].filter((y) => y >= years.min && y <= years.max),
      fc.integer(years),
    ),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    us: edgy([0, 999_999, 1, 500_000], fc.integer({ min: 0, max: 999_999 })),
  });
  const valid = random.map((w) => ({ ...w, d: Math.min(w.d, daysIn(w.y, w.mo)) }));
  const dst = fc
    .tuple(
      fc.constantFrom(...DST_EDGES),
      fc.integer({ min: -1, max: 1 }),
      fc.integer({ min: 0, max: 999_999 }),
    )
    .map(([[y, mo, d, h, mi], shift, us]) => ({ y, mo, d, h: Math.max(0, h + shift), mi, s: 0, us }));
  return years.min <= 1883 ? fc.oneof(valid, dst) : valid;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, mo: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return mo === 2 && leap ? 29 : (DAYS[mo - 1] as number);
}

/** JSON without NUL (PostgreSQL's jsonb refuses `\u0000`); round-tripped through text once. */
const json = fc
  .jsonValue({ maxDepth: 4 })
  .filter((v) => !JSON.stringify(v).includes('\\u0000'))
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** Rows with unique keys over the whole 64-bit range. */
export function valueRows(dialect: DialectName): fc.Arbitrary<ValueRow[]> {
  // MariaDB's TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC.
  const zonedYears = dialect === 'mysql' ? { min: 1971, max: 2037 } : { min: 1, max: 9999 };
  const row = fc.record({
    id: edgy(I64, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    t: nullable(text(dialect)),
    i: nullable(edgy(I32, fc.integer())),
    b: nullable(edgy(I64, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))),
    d: nullable(decimal),
    f: nullable(float),
    bo: nullable(fc.boolean()),
    dt: nullable(wallTime({ min: 1, max: 9999 })),
    ts: nullable(wallTime({ min: 1, max: 9999 })),
    tz: nullable(
      fc.record({
        wall: wallTime(zonedYears),
        offset: edgy([0, 14 * 60, -12 * 60, 345, -570], fc.integer({ min: -14 * 60, max: 14 * 60 })),
      }),
    ),
    bin: nullable(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(new Uint8Array(0), new Uint8Array(5000).fill(0)),
      ),
    ),
    j: nullable(json),
    // MariaDB's UUID type refuses some variants (`00000000-0000-8000-8000-…`): version 4 there.
    u: nullable((dialect === 'mysql' ? fc.uuid({ version: 4 }) : fc.uuid()).map((u) => u.toUpperCase())),
  });
  return fc.uniqueArray(row, { minLength: 1, maxLength: 40, selector: (r) => r.id });
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD`. */
export function dateText(w: WallTime): string {
  return `${pad(w.y, 4)}-${pad(w.mo, 2)}-${pad(w.d, 2)}`;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function wallText(w: WallTime): string {
  return `${dateText(w)} ${pad(w.h, 2)}:${pad(w.mi, 2)}:${pad(w.s, 2)}.${pad(w.us, 6)}`;
}

/** `±HH:MM` of an offset in minutes. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`;
}

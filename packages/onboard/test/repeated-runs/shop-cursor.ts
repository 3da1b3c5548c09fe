import fc from 'fast-check';

/** The SQL technologies the shop source can be written in. */
export type ShopDialect = 'sqlite' | 'postgres' | 'mysql';

/**
 * How SQLite keeps a timestamp (a DATETIME holds whatever was written): text, naive
 * `YYYY-MM-DD HH:MM:SS`, naive ISO `YYYY-MM-DDTHH:MM:SS` or ISO in UTC with `Z`; or a number of
 * seconds since 1970 (`epoch`, a REAL with the microseconds in its fraction).
 */
export type CursorSpelling = 'space' | 'iso' | 'zulu' | 'epoch';

/**
 * The shop's cursor column `changed_at`: its SQL type in the source, and how the source writes the
 * model's cursor value (a count of microseconds after `CLOCK_START`) into it.
 *
 * - `timestamp`: the instant `CLOCK_START + value`, kept to `digits` digits of a second. A naive
 *   type (PostgreSQL `timestamp`, MariaDB `DATETIME`, SQLite text without `Z`) holds that
 *   instant's wall time in the run's `--timezone`; a zoned one (`timestamptz`, `TIMESTAMP`, text
 *   with `Z`) is written in the writer's own offset (`writerOffset`, minutes east of UTC).
 * - `integer`: the value less a second (negative at first: `-999999`); `bigint`: 2^53 + the value
 *   (digit strings past JavaScript's exact integers); `decimal`: 8.5 s more than the value, in
 *   milliseconds with three places (`8500.001`, `9999.999`, `10000.500`: a digit more a second
 *   and a half in).
 */
export interface CursorColumn {
  readonly dialect: ShopDialect;
  /** The column's type in `CREATE TABLE`. */
  readonly sqlType: string;
  readonly kind: 'timestamp' | 'integer' | 'bigint' | 'decimal';
  /** Timestamps: the digits of a second the column keeps (0-6). */
  readonly digits: number;
  /** Timestamps: whether the column holds an instant rather than a wall time. */
  readonly zoned: boolean;
  /** SQLite text timestamps: the spelling. */
  readonly spelling?: CursorSpelling;
  /** Zoned timestamps: the offset (minutes) the writer's session or text uses. */
  readonly writerOffset: number;
}

/** 2026-03-01T00:00:00Z: the source clock's first instant (no DST change within days of it). */
const CLOCK_START = Date.UTC(2026, 2, 1);

/** 2^53: bigint cursors start there, past the integers a JavaScript number holds exactly. */
const BIG_START = 2n ** 53n;

/** The plainest cursor: SQLite `DATETIME` text to the second (`2024-01-01 10:00:00`), written in UTC. */
export const SQLITE_SECONDS_CURSOR = {
  dialect: 'sqlite',
  sqlType: 'DATETIME',
  kind: 'timestamp',
  digits: 0,
  zoned: false,
  spelling: 'space',
  writerOffset: 0,
} as const satisfies CursorColumn;

/** A PostgreSQL `timestamp(0)` read in UTC. */
export const POSTGRES_SECONDS_CURSOR = {
  dialect: 'postgres',
  sqlType: 'timestamp(0)',
  kind: 'timestamp',
  digits: 0,
  zoned: false,
  writerOffset: 0,
} as const satisfies CursorColumn;

/** A MariaDB `DATETIME` to the second, read in UTC: the plainest cursor of a MariaDB application. */
export const MARIADB_SECONDS_CURSOR = {
  dialect: 'mysql',
  sqlType: 'DATETIME(0)',
  kind: 'timestamp',
  digits: 0,
  zoned: false,
  writerOffset: 0,
} as const satisfies CursorColumn;

/** The value of a seconds cursor above at second `s` (0-59) of the source's clock, as written. */
export const atSecond = (s: number) => `2026-03-01 00:00:${String(s).padStart(2, '0')}`;

/**
 * Six customers (ids 10-60, no phone, changed at seconds 1-6), as the parameters of
 * `INSERT INTO cust VALUES (?, ?, ?, ?, NULL, ?)` for a seconds cursor.
 */
export function sixCustomers(): unknown[][] {
  return [1, 2, 3, 4, 5, 6].map((i) => [10 * i, `first ${i}`, `last ${i}`, `c${i}@example.com`, atSecond(i)]);
}

/** The smallest step of the cursor column, in microseconds: 1 s for a DATETIME(0), 1 µs for a count. */
export function cursorUnit(column: CursorColumn): number {
  return column.kind === 'timestamp' ? 10 ** (6 - column.digits) : 1;
}

/** The run's `--timezone` offset in minutes for the instants of this clock (the zones drawn have no DST change near it). */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0,
  'Asia/Kolkata': 330,
  'America/New_York': -300,
};

/** `YYYY-MM-DD HH:MM:SS[.fff…]` of `ms` + `micros` (below a millisecond), cut to `digits`. */
function wallText(ms: number, micros: number, digits: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.slice(0, digits);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${digits > 0 ? `.${fraction}` : ''}`;
}

/** An offset in minutes as `+05:30`. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * What the source writes into `changed_at` for the model's cursor `value` (microseconds), the run
 * reading naive timestamps in a zone `zoneOffset` minutes east of UTC.
 */
export function cursorParam(column: CursorColumn, value: number, zoneOffset: number): string | number {
  if (column.kind === 'integer') return value - 1_000_000;
  if (column.kind === 'bigint') return String(BIG_START + BigInt(value));
  if (column.kind === 'decimal') {
    const shifted = value + 8_500_000;
    return `${Math.floor(shifted / 1000)}.${String(shifted % 1000).padStart(3, '0')}`;
  }
  if (column.spelling === 'epoch') return CLOCK_START / 1000 + value / 1e6;
  const ms = CLOCK_START + Math.floor(value / 1000);
  const micros = value % 1000;
  if (!column.zoned) return spelled(column, wallText(ms + zoneOffset * 60_000, micros, column.digits));
  // A zoned value: the writer's wall time, with its offset in the text unless a session holds it.
  const wall = wallText(ms + column.writerOffset * 60_000, micros, column.digits);
  if (column.dialect === 'mysql') return wall;
  if (column.spelling === 'zulu') return `${wall.replace(' ', 'T')}Z`;
  return `${wall}${offsetText(column.writerOffset)}`;
}

function spelled(column: CursorColumn, wall: string): string {
  return column.spelling === 'iso' ? wall.replace(' ', 'T') : wall;
}

const digits = fc.constantFrom(0, 3, 6);
const writerOffset = fc.constantFrom(0, 330, -480);

const sqliteCursor: fc.Arbitrary<CursorColumn> = fc.oneof(
  fc
    .record({ spelling: fc.constantFrom<CursorSpelling>('space', 'iso', 'zulu'), digits })
    .map(({ spelling, digits }) => ({
      dialect: 'sqlite' as const,
      sqlType: 'DATETIME',
      kind: 'timestamp' as const,
      digits,
      zoned: spelling === 'zulu',
      spelling,
      writerOffset: 0,
    })),
  fc.constant<CursorColumn>({
    dialect: 'sqlite',
    sqlType: 'DATETIME',
    kind: 'timestamp',
    digits: 6,
    zoned: true,
    spelling: 'epoch',
    writerOffset: 0,
  }),
  fc.constant<CursorColumn>({
    dialect: 'sqlite',
    sqlType: 'INTEGER',
    kind: 'integer',
    digits: 0,
    zoned: false,
    writerOffset: 0,
  }),
);

const numbers = (
  dialect: ShopDialect,
  types: { integer: string; bigint: string; decimal: string },
): fc.Arbitrary<CursorColumn> =>
  fc.constantFrom<CursorColumn['kind']>('integer', 'bigint', 'decimal').map((kind) => ({
    dialect,
    sqlType: types[kind as 'integer' | 'bigint' | 'decimal'],
    kind,
    digits: 0,
    zoned: false,
    writerOffset: 0,
  }));

const postgresCursor: fc.Arbitrary<CursorColumn> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ zoned: fc.boolean(), digits, writerOffset })
      .map(({ zoned, digits, writerOffset }) => ({
        dialect: 'postgres' as const,
        sqlType: `${zoned ? 'timestamptz' : 'timestamp'}(${digits})`,
        kind: 'timestamp' as const,
        digits,
        zoned,
        writerOffset: zoned ? writerOffset : 0,
      })),
  },
  {
    weight: 1,
    arbitrary: numbers('postgres', { integer: 'integer', bigint: 'bigint', decimal: 'numeric(20,6)' }),
  },
);

const mysqlCursor: fc.Arbitrary<CursorColumn> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ zoned: fc.boolean(), digits, writerOffset })
      .map(({ zoned, digits, writerOffset }) => ({
        dialect: 'mysql' as const,
        // TIMESTAMP NULL: without it, MariaDB may give the first TIMESTAMP column ON UPDATE CURRENT_TIMESTAMP.
        sqlType: zoned ? `TIMESTAMP(${digits}) NULL` : `DATETIME(${digits})`,
        kind: 'timestamp' as const,
        digits,
        zoned,
        writerOffset: zoned ? writerOffset : 0,
      })),
  },
  { weight: 1, arbitrary: numbers('mysql', { integer: 'INT', bigint: 'BIGINT', decimal: 'DECIMAL(20,6)' }) },
);

/** A cursor column of one of `dialects`. */
export function cursorColumn(dialects: readonly ShopDialect[]): fc.Arbitrary<CursorColumn> {
  const by: Record<ShopDialect, fc.Arbitrary<CursorColumn>> = {
    sqlite: sqliteCursor,
    postgres: postgresCursor,
    mysql: mysqlCursor,
  };
  return fc.constantFrom(...dialects).chain((dialect) => by[dialect]);
}

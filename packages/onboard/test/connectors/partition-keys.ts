import type { DialectName } from '@madeup/testkit';
import fc from 'fast-check';

/**
 * A column type a key may be made of, on one dialect: its DDL and SQL literals of values that sit
 * on the type's edges (so partition bounds and resume points fall on them). Values repeat on
 * purpose: a key value already in the table is skipped by the insert (the database decides what
 * repeats, in its own collation), a repeat in a table without a key stays.
 */
export interface KeyType {
  readonly label: string;
  readonly ddl: string;
  readonly literal: fc.Arbitrary<string>;
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
const literals = (values: readonly string[]) => fc.constantFrom(...values).map(quoted);
const numbers = (values: readonly string[]) => fc.constantFrom(...values);

/**
 * Text pieces that sort differently in a case- or accent-insensitive, PAD SPACE or locale
 * collation than by code unit in JavaScript: cases, accents, trailing and leading spaces, the
 * empty string, `ß`/`ss`, `æ`/`ae`, dotted and dotless i, digits.
 */
const PIECES = [
  '',
  'a',
  'A',
  'a ',
  'a  ',
  ' a',
  'á',
  'Á',
  'à',
  'b',
  'B',
  'ß',
  'ss',
  'SS',
  'æ',
  'ae',
  'é',
  'e',
  'E',
  'z',
  'Z',
  'ö',
  'o',
  'oe',
  'å',
  '_',
  '-',
  '0',
  '10',
  '9',
  'ı',
  'I',
  'İ',
  'i',
  'ø',
  'ñ',
] as const;
const text = fc
  .array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 2 })
  .map((pieces) => quoted(pieces.join('')));

const INT32 = ['-2147483648', '-2147483647', '-1', '0', '1', '2', '3', '7', '2147483646', '2147483647'];
const INT64 = [
  '-9223372036854775808',
  '-9223372036854775807',
  '-9007199254740993',
  '-9007199254740992',
  '-9007199254740991',
  '-1',
  '0',
  '1',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9007199254740994',
  '9223372036854775806',
  '9223372036854775807',
];
const UINT64 = [
  '0',
  '1',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '9223372036854775809',
  '18446744073709551614',
  '18446744073709551615',
];
/** Decimals with 20 integer digits and 10 places: neighbours a double cannot tell apart. */
const decimal = fc
  .tuple(
    fc.constantFrom('0', '1', '-1', '12345678901234567890', '-12345678901234567890', '9007199254740993'),
    fc.constantFrom('0000000000', '0000000001', '0000000002', '5', '9999999999'),
  )
  .map(([whole, places]) => `${whole}.${places}`);
/** Doubles one unit apart, tiny, huge and negative zero. */
const DOUBLES = [
  '0',
  '-0',
  '1',
  '1.0000000000000002',
  '0.1',
  '0.30000000000000004',
  '0.3',
  '-1e-300',
  '5e-324',
  '1e300',
  '9007199254740992',
  '9007199254740994',
  '123456.789',
  '-2.5',
];
/** Singles that MariaDB prints alike with six significant digits (514.14), and some that do not. */
const FLOATS = [
  '0.1',
  '514.14',
  '514.1401',
  '514.1402',
  '1.5',
  '16777216',
  '16777218',
  '-3.25',
  '1e-7',
  '3e38',
];
const DATES = [
  '1000-01-01',
  '1969-12-31',
  '1970-01-01',
  '2000-02-29',
  '2024-03-31',
  '2024-10-27',
  '9999-12-31',
];
/** Wall times in and around the DST gaps and folds of Paris and New York, with microseconds. */
const WALL_TIMES = [
  '1000-01-01 00:00:00',
  '1970-01-01 00:00:00',
  '2024-01-01 00:00:00.000001',
  '2024-03-10 02:30:00',
  '2024-03-10 03:30:00',
  '2024-03-31 01:59:59.999999',
  '2024-03-31 02:00:00',
  '2024-03-31 02:30:00',
  '2024-03-31 03:00:00',
  '2024-03-31 03:30:00',
  '2024-10-27 01:30:00',
  '2024-10-27 02:30:00',
  '2024-10-27 03:00:00',
  '2024-11-03 01:30:00',
  '9999-12-31 23:59:59.999999',
];
/**
 * Wall times around the spring-forward gaps (Paris 2024-03-31 02:00-03:00, New York 2024-03-10
 * 02:00-03:00), drawn twice as often: a time in the gap reads as the instant of the one an hour
 * later, so a bound or resume point there needs both in the table.
 */
const wallTime = (extra: readonly string[] = []) =>
  fc.oneof(
    { arbitrary: literals([...WALL_TIMES, ...extra]), weight: 1 },
    {
      arbitrary: literals([
        '2024-03-31 01:30:00',
        '2024-03-31 02:30:00',
        '2024-03-31 03:00:00',
        '2024-03-31 03:30:00',
        '2024-03-10 02:30:00',
        '2024-03-10 03:30:00',
      ]),
      weight: 2,
    },
  );

/** Instants (UTC wall times, for zoned types). */
const INSTANTS = [
  '1970-01-01 00:00:01',
  '2024-03-31 00:59:59.999999',
  '2024-03-31 01:00:00',
  '2024-03-31 01:30:00',
  '2024-10-27 00:30:00',
  '2024-10-27 01:30:00',
  '2038-01-19 03:14:07',
];
/** Upper and lower case spellings of UUIDs that differ in their first or last byte. */
const UUIDS = [
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-0000000000ff',
  'FF000000-0000-0000-0000-000000000000',
  'ff000000-0000-0000-0000-000000000001',
  '0000000A-0000-1000-8000-000000000000',
  '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  '6BA7B811-9DAD-11D1-80B4-00C04FD430C8',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const BYTES = ['', '00', '0000', '01', 'ff', 'fffe', '41', '61', '6120'];

/** A key type that fast-check prints by its label in a counterexample. */
function key(label: string, ddl: string, literal: fc.Arbitrary<string>): KeyType {
  return { label, ddl, literal, [fc.toStringMethod]: () => JSON.stringify(`${label}: ${ddl}`) } as KeyType;
}

/** Key column types of each dialect. */
export const KEY_TYPES: Record<DialectName, readonly KeyType[]> = {
  postgres: [
    key('integer', 'INTEGER', numbers(INT32)),
    key('bigint', 'BIGINT', numbers(INT64)),
    key('numeric', 'NUMERIC(30,10)', decimal),
    key(
      'numeric (any scale)',
      'NUMERIC',
      decimal.map((d) => d.replace(/0+$/, '')),
    ),
    key(
      'double',
      'DOUBLE PRECISION',
      numbers(DOUBLES).map((d) => `'${d}'::float8`),
    ),
    key('text C', 'TEXT COLLATE "C"', text),
    key('text en', 'TEXT COLLATE "en-x-icu"', text),
    key('text sv', 'VARCHAR(12) COLLATE "sv-x-icu"', text),
    key('text nondeterministic', 'TEXT COLLATE onboard_ci', text),
    key('char', 'CHAR(6)', text),
    key('uuid', 'UUID', literals(UUIDS)),
    key('date', 'DATE', literals([...DATES, '0044-03-15 BC', '0001-01-01 BC', '12345-06-07'])),
    key('timestamp', 'TIMESTAMP(6)', wallTime(['0001-12-31 23:00:00 BC', '10000-01-01 00:00:00'])),
    key('timestamptz', 'TIMESTAMPTZ(6)', literals(INSTANTS.map((t) => `${t}+00`))),
    key(
      'bytea',
      'BYTEA',
      fc.constantFrom(...BYTES).map((hex) => `'\\x${hex}'::bytea`),
    ),
    key('boolean', 'BOOLEAN', fc.constantFrom('true', 'false')),
  ],
  mysql: [
    key('int', 'INT', numbers(INT32)),
    key('bigint', 'BIGINT', numbers(INT64)),
    key('bigint unsigned', 'BIGINT UNSIGNED', numbers(UINT64)),
    key('decimal', 'DECIMAL(30,10)', decimal),
    key('double', 'DOUBLE', numbers(DOUBLES)),
    key('float', 'FLOAT', numbers(FLOATS)),
    key('varchar bin', 'VARCHAR(12) COLLATE utf8mb4_bin', text),
    key('varchar general_ci', 'VARCHAR(12) COLLATE utf8mb4_general_ci', text),
    key('varchar unicode_ci', 'VARCHAR(12) COLLATE utf8mb4_unicode_ci', text),
    key('varchar unicode_520_ci', 'VARCHAR(12) COLLATE utf8mb4_unicode_520_ci', text),
    key('varchar nopad', 'VARCHAR(12) COLLATE utf8mb4_unicode_nopad_ci', text),
    key('varchar swedish', 'VARCHAR(12) COLLATE utf8mb4_swedish_ci', text),
    key('char', 'CHAR(6) COLLATE utf8mb4_general_ci', text),
    key('uuid', 'UUID', literals(UUIDS)),
    key('date', 'DATE', literals(DATES)),
    key('datetime', 'DATETIME(6)', wallTime()),
    key('timestamp', 'TIMESTAMP(6) NOT NULL', literals(INSTANTS)),
    key('enum', "ENUM('m','b','z','a','c')", literals(['m', 'b', 'z', 'a', 'c'])),
    key(
      'varbinary',
      'VARBINARY(8)',
      fc.constantFrom(...BYTES).map((hex) => `x'${hex}'`),
    ),
    key('year', 'YEAR', numbers(['1901', '1970', '2000', '2155'])),
  ],
  sqlite: [
    key('integer', 'INTEGER', numbers(INT32)),
    key('bigint', 'BIGINT', numbers(INT64)),
    key('int holding text', 'INT', fc.oneof(numbers(INT64), text)),
    key('decimal', 'DECIMAL(12,2)', numbers(['0', '1', '1.5', '1.25', '1.125', '-2.005', '10', '0.1'])),
    key('real', 'REAL', numbers(DOUBLES)),
    key('text', 'TEXT', text),
    key('text nocase', 'TEXT COLLATE NOCASE', text),
    key('text rtrim', 'VARCHAR(10) COLLATE RTRIM', text),
    key('untyped', '', fc.oneof(numbers(['1', '2', '10', '1.5']), text)),
    key('uuid', 'UUID', literals(UUIDS)),
    key('date', 'DATE', literals(DATES)),
    key(
      'datetime',
      'DATETIME',
      fc.oneof(
        literals(WALL_TIMES),
        literals([
          '2024-03-31T01:00:00Z',
          '2024-03-31 03:30:00+02:00',
          '2024-03-31T02:30:00',
          '2024-03-31 02:30',
        ]),
      ),
    ),
    key(
      'blob',
      'BLOB',
      fc.constantFrom(...BYTES).map((hex) => `x'${hex}'`),
    ),
  ],
};

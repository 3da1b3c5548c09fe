import fc from 'fast-check';

/**
 * Random tables for the files connector's fuzz test, and the writers that put them in files: an
 * RFC 4180 CSV writer (quoting only where needed, or everywhere) and an NDJSON writer.
 */

/** Pieces that break naive CSV readers and writers. */
const HOSTILE = [
  '"',
  '""',
  ',',
  ';',
  '\t',
  '|',
  '||',
  ':',
  '\r',
  '\n',
  '\r\n',
  '\n\r',
  ' ',
  '  lead',
  'trail  ',
  '\uFEFF',
  '\uFEFFbom',
  'e\u0301',
  '\u0301',
  '😀',
  '𝒳𝒴',
  '\u2028',
  '\u0000',
  'null',
  'NULL',
  '\\',
  "'",
  '=1+1',
  '漢字',
];

/** Hostile, well-formed text (no lone surrogate: every file must be encodable). */
const textArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('', ...HOSTILE), weight: 40 },
  {
    arbitrary: fc.array(fc.constantFrom('a', 'B', ...HOSTILE), { maxLength: 12 }).map((p) => p.join('')),
    weight: 60,
  },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }), weight: 30 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 20 },
  {
    // Now and then a value longer than a read chunk (256 KiB): records cut by a chunk boundary.
    arbitrary: fc
      .tuple(fc.constantFrom('x', '"', ',\r\n', 'é', '😀', '||'), fc.integer({ min: 1_000, max: 140_000 }))
      .map(([piece, times]) => piece.repeat(times)),
    weight: 1,
  },
);

/**
 * Column names, among them those the connector must rename: its position columns' names, a name it
 * gives a nameless CSV column (`column_1`), and the suffixed names it renames to.
 */
const nameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'id',
    'ID',
    'Id',
    'name',
    'Name',
    'name ',
    ' name',
    'name_2',
    '__proto__',
    'constructor',
    'a,b',
    'say "hi"',
    '_source_file',
    '_source_row',
    '_source_row_2',
    'column_1',
    'column_2',
  ),
  textArb.filter((text) => text.length < 200),
);

/** A CSV table: a null name is an empty unquoted header field (the connector calls it `column_N`). */
export interface CsvTable {
  readonly names: readonly (string | null)[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** A CSV header often repeats a name (the connector reads the repeats as `name_2`, ...). */
const csvNameArb = fc.oneof(
  { arbitrary: nameArb, weight: 4 },
  { arbitrary: fc.constantFrom('name', 'column_1'), weight: 1 },
);

export const csvTableArb: fc.Arbitrary<CsvTable> = fc
  .array(csvNameArb, { minLength: 1, maxLength: 6 })
  .chain((strings) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: strings.length, maxLength: strings.length }),
        fc.array(
          fc.array(fc.option(textArb, { nil: null, freq: 5 }), {
            minLength: strings.length,
            maxLength: strings.length,
          }),
          { maxLength: 60, size: 'medium' },
        ),
      )
      .map(([nameless, rows]) => {
        // One column: an empty header or value would be an empty line, which CSV readers skip.
        const one = strings.length === 1;
        return {
          names: strings.map((name, i) => (!one && nameless[i] === 0 ? null : name)),
          rows: rows.map((row) => (one ? row.map((value) => value ?? '') : row)),
        };
      }),
  );

/** How a CSV file is written. */
export interface CsvLayout {
  readonly delimiter: string;
  /** The quote character (the URL's `quote`). */
  readonly quote: '"' | "'";
  readonly lineEnd: '\n' | '\r\n' | '\r';
  readonly bom: boolean;
  readonly trailingNewline: boolean;
  readonly quoteAll: boolean;
  readonly encoding: 'utf-8' | 'utf-16le';
}

export const csvLayoutArb: fc.Arbitrary<CsvLayout> = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|', '||', '::'),
  quote: fc.constantFrom('"' as const, "'" as const),
  lineEnd: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
  bom: fc.boolean(),
  trailingNewline: fc.boolean(),
  quoteAll: fc.boolean(),
  encoding: fc.constantFrom('utf-8' as const, 'utf-16le' as const),
});

/** A field as RFC 4180 writes it: quoted when it holds the quote, a line break or a delimiter character. */
function csvField(value: string | null, layout: CsvLayout, startsFile: boolean): string {
  if (value === null) return '';
  const quote =
    layout.quoteAll ||
    value === '' ||
    /[\r\n]/.test(value) ||
    value.includes(layout.quote) ||
    [...layout.delimiter].some((c) => value.includes(c)) ||
    (startsFile && value.startsWith('\uFEFF'));
  const q = layout.quote;
  return quote ? `${q}${value.replaceAll(q, q + q)}${q}` : value;
}

/** The text of a CSV file: a header record, then the rows. */
export function writeCsv(
  names: readonly (string | null)[],
  rows: readonly (readonly (string | null)[])[],
  layout: CsvLayout,
): string {
  const records = [names, ...rows].map((record, r) =>
    record.map((value, i) => csvField(value, layout, r === 0 && i === 0)).join(layout.delimiter),
  );
  return `${layout.bom ? '\uFEFF' : ''}${records.join(layout.lineEnd)}${layout.trailingNewline ? layout.lineEnd : ''}`;
}

/** The file's bytes in the layout's encoding. */
export function encode(text: string, encoding: CsvLayout['encoding']): Buffer {
  return Buffer.from(text, encoding === 'utf-8' ? 'utf8' : 'utf16le');
}

/** Splits `items` into `parts` consecutive runs of random lengths (some may be empty). */
export function splitArb<T>(items: readonly T[], parts: number): fc.Arbitrary<T[][]> {
  return fc
    .array(fc.integer({ min: 0, max: items.length }), { minLength: parts - 1, maxLength: parts - 1 })
    .map((cuts) => {
      const bounds = [0, ...cuts.sort((a, b) => a - b), items.length];
      return bounds.slice(1).map((end, i) => items.slice(bounds[i], end));
    });
}

/** File names that differ in case, spaces and accents; unique ignoring case, never hidden. */
export const fileNamesArb = (count: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9é][a-zA-Z0-9 ._é-]{0,7}$/), {
    minLength: count,
    maxLength: count,
    selector: (name) => name.toLowerCase(),
  });

/** A JSON value of every kind NDJSON holds: strings, numbers, booleans, null, objects and arrays. */
const jsonArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: textArb, weight: 6 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 2 },
);

/** An NDJSON table: each row is an object holding some of the names (a name left out reads as null). */
export interface NdjsonTable {
  readonly names: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

export const ndjsonTableArb: fc.Arbitrary<NdjsonTable> = fc
  .uniqueArray(nameArb, { minLength: 1, maxLength: 6 })
  .chain((names) =>
    fc
      .array(
        fc.array(fc.option(jsonArb, { nil: undefined, freq: 6 }), {
          minLength: names.length,
          maxLength: names.length,
        }),
        { maxLength: 60, size: 'medium' },
      )
      .map((rows) => ({
        names,
        rows: rows.map((values) => {
          const row: Record<string, unknown> = {};
          // defineProperty: a `__proto__` name is a plain key, as JSON.parse makes it.
          values.forEach((value, i) => {
            if (value !== undefined)
              Object.defineProperty(row, names[i] as string, { value, enumerable: true, writable: true });
          });
          return row;
        }),
      })),
  );

/** Lines an NDJSON reader must skip: blank ones silently, the others with a warning. */
export const BLANK_LINES = ['', ' ', '\t', '  \t '];
export const INVALID_LINES = ['not json', '[1,2]', '"text"', '42', 'null', '{', '{"a":1}x', '{"a":}'];

const POSITION_NAMES = ['_source_file', '_source_row'];

/**
 * The column names docs/connectors.md promises for a CSV header (or NDJSON keys): `column_N` for an
 * empty name; a repeated name, a position column's name, or a `column_N` the header has itself gets
 * the first `_2`, `_3`, ... suffix that is no name of the header and not given before.
 */
export function expectedColumns(header: readonly (string | null)[]): string[] {
  const given: string[] = [];
  for (const [i, name] of header.entries()) {
    const base = name ?? `column_${i + 1}`;
    const clash =
      given.includes(base) || POSITION_NAMES.includes(base) || (name === null && header.includes(base));
    let n = 2;
    while (clash && (given.includes(`${base}_${n}`) || header.includes(`${base}_${n}`))) n++;
    given.push(clash ? `${base}_${n}` : base);
  }
  return given;
}

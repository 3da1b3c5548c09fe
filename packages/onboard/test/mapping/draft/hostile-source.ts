import Database from 'better-sqlite3';
import fc from 'fast-check';

/** One table of a generated source: its columns in order, an optional key and rows. */
export interface HostileTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Index of the primary key column, if any. */
  readonly key?: number;
  /** A foreign key: column index -> table index (its key column). */
  readonly link?: { readonly column: number; readonly table: number };
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * Names the draft writes into YAML and templates: YAML indicators, quotes, braces, dots, plain
 * scalars YAML 1.1 or 1.2 reads as something else, prototype names, SQL words, unicode, blanks.
 */
const HOSTILE_NAMES = [
  'yes',
  'no',
  'on',
  'off',
  'Yes',
  'NO',
  'y',
  'n',
  'true',
  'False',
  'null',
  'Null',
  '~',
  '',
  '1e3',
  '0x1',
  '0o7',
  '012',
  '1_000',
  '.5',
  '-1',
  '+1',
  '.inf',
  '-.inf',
  '.NaN',
  '2024-01-01',
  '12:30',
  '1:2:3',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  'select',
  'from',
  'where',
  'order',
  'group',
  'table',
  'key',
  'Key',
  'KEY',
  'primary',
  'a: b',
  'a #b',
  '#c',
  '- d',
  '? e',
  '&anchor',
  '*alias',
  '!tag',
  '!!str',
  '|',
  '>',
  "'q'",
  '"dq"',
  "it's",
  'say "hi"',
  '%x',
  '@at',
  '`tick`',
  'a`b',
  '[x]',
  '{x}',
  '{',
  '}',
  '}}',
  '{{x}}',
  'a.b',
  'a,b',
  'x ',
  ' x',
  'two  spaces',
  'tab\there',
  'line\nbreak',
  'é',
  'Ünïcødé',
  '日本語',
  '🙂',
  'e\u0301',
  '\u00a0nbsp',
  'zero\u200bwidth',
  '---',
  '...',
  '=',
  '<<',
  'x'.repeat(300),
];

/** Names the draft matches to core's entities, fields and keys, so names reach every part. */
const TABLE_NAMES = [
  'customers',
  'Customer',
  'client',
  'invoices',
  'inv_hdr',
  'orders',
  'payment',
  'staff',
  'Employee',
  'products',
  'Track',
  'invoice_line',
  'locations',
  'store',
];
const COLUMN_NAMES = [
  'id',
  'customer_id',
  'CustomerId',
  'invoice_id',
  'staff_id',
  'product_id',
  'first_name',
  'FirstName',
  'last_name',
  'email',
  'phone',
  'company',
  'title',
  'name',
  'city',
  'country',
  'status',
  'total',
  'amount',
  'unit_price',
  'quantity',
  'created_at',
  'updated_at',
  'paid_at',
  'issued_at',
  'hire_date',
  'currency',
  'sku',
  'category',
  'active',
  'method',
];

/** A realistic name, a hostile one, or the two joined (`first_name: x`, `email#`). */
const nameArb = (realistic: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...realistic) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...realistic), fc.constantFrom(...HOSTILE_NAMES), fc.boolean())
        .map(([a, b, first]) => (first ? `${b}${a}` : `${a}${b}`)),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
        .filter((s) => !s.includes('\0')),
    },
  );

const TYPES = [
  'INTEGER',
  'TEXT',
  'REAL',
  'NUMERIC',
  'DECIMAL(10,2)',
  'BLOB',
  'DATE',
  'DATETIME',
  'TIMESTAMP',
  'BOOLEAN',
  'VARCHAR(20)',
  '',
];

/** A value of the column's declared type, or text that looks like one. */
const valueArb = (type: string): fc.Arbitrary<unknown> => {
  const text = fc.oneof(
    fc.constantFrom(
      'P',
      'D',
      'paid',
      'Paid',
      'USA',
      'Germany',
      'UK',
      'de',
      'yes',
      'null',
      '1e3',
      '01/31/2020',
      '31.12.2020',
      '2020-01-31',
      '2024-02-30',
      '20200131',
      '__proto__',
      'a: b',
      '',
    ),
    fc.string({ unit: 'grapheme', maxLength: 10 }),
  );
  const values: Record<string, fc.Arbitrary<unknown>> = {
    INTEGER: fc.integer({ min: -1000, max: 1000 }),
    REAL: fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
    BOOLEAN: fc.constantFrom(0, 1),
    BLOB: fc.uint8Array({ maxLength: 4 }).map((bytes) => Buffer.from(bytes)),
  };
  return fc.oneof(
    { weight: 4, arbitrary: values[type] ?? text },
    { weight: 1, arbitrary: fc.constant(null) },
  );
};

/** SQLite folds ASCII case only; `Id` and `ID` are one name to it. */
const sqliteFold = (name: string) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());

const tableArb = (name: string): fc.Arbitrary<Omit<HostileTable, 'link'>> =>
  fc
    .uniqueArray(fc.record({ name: nameArb(COLUMN_NAMES), type: fc.constantFrom(...TYPES) }), {
      minLength: 1,
      maxLength: 7,
      selector: (column) => sqliteFold(column.name),
    })
    .chain((columns) =>
      fc.record({
        name: fc.constant(name),
        columns: fc.constant(columns),
        key: fc.option(fc.nat(columns.length - 1), { nil: undefined }),
        rows: fc.array(fc.tuple(...columns.map((column) => valueArb(column.type))), { maxLength: 6 }),
      }),
    )
    .map(({ key, ...rest }) => (key === undefined ? rest : { ...rest, key }));

/** 1-4 tables with distinct names (as SQLite compares them), some linked by a foreign key. */
export const sourceArb: fc.Arbitrary<HostileTable[]> = fc
  .uniqueArray(nameArb(TABLE_NAMES), { minLength: 1, maxLength: 4, selector: sqliteFold })
  .filter((names) => names.every((name) => !sqliteFold(name).startsWith('sqlite_')))
  .chain((names) => fc.tuple(...names.map(tableArb)))
  .chain((tables) =>
    fc.tuple(
      ...tables.map((table) =>
        fc
          .option(fc.record({ column: fc.nat(table.columns.length - 1), table: fc.nat(tables.length - 1) }), {
            nil: undefined,
          })
          .map((link) => {
            const target = link && tables[link.table];
            const linked = link && target?.key !== undefined && link.column !== table.key && target !== table;
            return linked ? { ...table, link } : table;
          }),
      ),
    ),
  );

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Writes the tables into a new SQLite file (rows violating a key are skipped). */
export function writeSource(path: string, tables: readonly HostileTable[]): void {
  const db = new Database(path);
  try {
    // Sample rows need not match their foreign keys: the draft reads them, nothing enforces.
    db.pragma('foreign_keys = OFF');
    for (const table of tables) {
      const columns = table.columns.map((column, i) => {
        const parts = [quote(column.name), column.type];
        if (i === table.key) parts.push('PRIMARY KEY');
        const target = table.link?.column === i ? tables[table.link.table] : undefined;
        if (target?.key !== undefined)
          parts.push(`REFERENCES ${quote(target.name)}(${quote(target.columns[target.key]!.name)})`);
        return parts.filter(Boolean).join(' ');
      });
      db.exec(`CREATE TABLE ${quote(table.name)} (${columns.join(', ')})`);
      const insert = db.prepare(
        `INSERT OR IGNORE INTO ${quote(table.name)} VALUES (${table.columns.map(() => '?').join(', ')})`,
      );
      for (const row of table.rows) {
        try {
          insert.run(...row);
        } catch {
          // a value SQLite refuses for the key (text into INTEGER PRIMARY KEY): left out
        }
      }
    }
  } finally {
    db.close();
  }
}

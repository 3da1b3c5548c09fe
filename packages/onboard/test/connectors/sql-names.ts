import type { DialectName } from '@madeup/testkit';
import fc from 'fast-check';

/**
 * Hostile but legal SQL identifiers per dialect, and random two-table schemas named with them: a
 * parent table (random single or composite key, a nullable integer cursor column) and a child table
 * whose foreign key references the parent's key.
 */

/** Pieces identifiers are built of: quote and comment characters, placeholders, reserved words, unicode. */
const PIECES = [
  '"',
  '`',
  ']',
  '[',
  ' ',
  ';',
  '--',
  '/*',
  '*/',
  '%',
  '?',
  '??',
  '$1',
  ':name',
  '@v',
  "'",
  '\\',
  '.',
  ')',
  '(',
  ',',
  'select',
  'order',
  'group',
  'user',
  'ORDER',
  'x"; DROP TABLE t; --',
  'x`; DROP TABLE t; --',
  '𝔘',
  '😀',
  'e\u0301',
  'É',
  'é',
  'ß',
  'İ',
  'ǅ',
  '__proto__',
  '__defineGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'a',
  'A',
  'id',
  'ID',
] as const;

/** The longest identifier of the dialect: PostgreSQL counts bytes, MariaDB characters. */
function fits(dialect: DialectName, name: string): boolean {
  if (dialect === 'postgres') return Buffer.byteLength(name, 'utf8') <= 63;
  if (dialect === 'mysql') return [...name].length <= 64;
  return true;
}

/** Cuts `name` to the dialect's limit, a code point at a time. */
function cut(dialect: DialectName, name: string): string {
  const points = [...name];
  while (!fits(dialect, points.join(''))) points.pop();
  return points.join('');
}

/** The name made legal in the dialect (null when nothing legal is left). */
function legal(dialect: DialectName, name: string): string | null {
  let legalName = name;
  // MariaDB: Basic Multilingual Plane only, and no name ends with a space.
  if (dialect === 'mysql')
    legalName = [...legalName]
      .filter((c) => c.length === 1)
      .join('')
      .trimEnd();
  legalName = cut(dialect, legalName);
  if (dialect === 'mysql') legalName = legalName.trimEnd();
  return legalName.length > 0 ? legalName : null;
}

/** One identifier: a few pieces, or one piece repeated up to exactly the dialect's limit. */
export function identifier(dialect: DialectName): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
  );
  const joined = fc.array(piece, { minLength: 1, maxLength: 4 }).map((pieces) => pieces.join(''));
  const longest = fc
    .constantFrom('é', 'x', 'Ω', '😀', '"', '`')
    .map((c) => (dialect === 'sqlite' ? c.repeat(200) : cut(dialect, c.repeat(64))));
  return fc
    .oneof({ weight: 6, arbitrary: joined }, { weight: 1, arbitrary: longest })
    .map((name) => legal(dialect, name))
    .filter((name): name is string => name !== null && !name.includes('\0'));
}

/**
 * What two names of one kind must differ in to coexist: PostgreSQL compares quoted names exactly,
 * SQLite folds ASCII case, MariaDB compares column names case- and accent-insensitively (roughly).
 */
export function sameNameKey(dialect: DialectName, kind: 'table' | 'column'): (name: string) => string {
  if (dialect === 'postgres' || (dialect === 'mysql' && kind === 'table')) return (name) => name;
  if (dialect === 'sqlite') return (name) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return (name) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().toUpperCase();
}

/**
 * MariaDB stores a table as files named after it, every character but ASCII letters, digits and
 * `_` written as `@` and four hex digits: a name longer than the file system's 255 bytes is
 * refused ("File name too long"), so is not a legal table name there.
 */
function fileNameFits(table: string): boolean {
  return [...table].reduce((bytes, c) => bytes + (/^[A-Za-z0-9_]$/.test(c) ? 1 : 5), 0) <= 240;
}

export type NameType = 'integer' | 'bigint' | 'string';

export interface NamedColumn {
  readonly name: string;
  readonly type: NameType;
}

export interface NamedSchema {
  /** PostgreSQL: the schema of the parent table; the child's is `childSchema`. */
  readonly schema: string;
  readonly childSchema: string;
  readonly parent: string;
  readonly child: string;
  /** The parent's columns; the cursor is the last one, a nullable integer. */
  readonly columns: readonly NamedColumn[];
  readonly key: readonly string[];
  readonly cursor: string;
  /** The child's columns: the foreign key's (in key order), then one more. */
  readonly childColumns: readonly NamedColumn[];
  readonly foreignKey: readonly string[];
  /** The foreign key constraint's name. */
  readonly constraint: string;
}

const nameType = fc.constantFrom<NameType>('integer', 'bigint', 'string');

/** A random schema of hostile names in the dialect. */
export function namedSchema(dialect: DialectName): fc.Arbitrary<NamedSchema> {
  const name = identifier(dialect);
  const columnKey = sameNameKey(dialect, 'column');
  const tableKey = sameNameKey(dialect, 'table');
  const columns = (min: number) =>
    fc.uniqueArray(name, { minLength: min, maxLength: 5, selector: columnKey, comparator: 'SameValueZero' });
  const schemaName = name.filter((s) => !/^pg_/i.test(s) && s !== 'public');
  return fc
    .record({
      tables: fc.uniqueArray(
        name.filter((t) => !/^sqlite_/i.test(t) && t !== 't' && (dialect !== 'mysql' || fileNameFits(t))),
        { minLength: 2, maxLength: 2, selector: tableKey },
      ),
      schema: schemaName,
      childInPublic: fc.boolean(),
      parentNames: columns(2),
      types: fc.array(nameType, { minLength: 5, maxLength: 5 }),
      keySize: fc.integer({ min: 1, max: 2 }),
      keyOrder: fc.boolean(),
      childNames: columns(3),
      caseTwin: fc.boolean(),
      constraint: name,
    })
    .map((r) => {
      const names = [...r.parentNames];
      // PostgreSQL: a column named like another but for case.
      const twin = names[0]!.toUpperCase() === names[0] ? names[0]!.toLowerCase() : names[0]!.toUpperCase();
      if (dialect === 'postgres' && r.caseTwin && !names.includes(twin) && fits(dialect, twin))
        names.splice(1, 0, twin);
      const cursor = names.pop()!;
      const columnsOf = names.map((n, i) => ({ name: n, type: r.types[i]! }));
      const keyColumns = columnsOf.slice(0, Math.min(r.keySize, columnsOf.length));
      const key = (r.keyOrder ? keyColumns : [...keyColumns].reverse()).map((c) => c.name);
      const keyTypes = key.map((k) => columnsOf.find((c) => c.name === k)!.type);
      const childFk = r.childNames.slice(0, key.length);
      const childColumns = [
        ...childFk.map((n, i) => ({ name: n, type: keyTypes[i]! })),
        { name: r.childNames[key.length]!, type: 'string' as const },
      ];
      return {
        schema: r.schema,
        childSchema: r.childInPublic ? 'public' : r.schema,
        parent: r.tables[0]!,
        child: r.tables[1]!,
        columns: [...columnsOf, { name: cursor, type: 'integer' as const }],
        key,
        cursor,
        childColumns,
        foreignKey: childFk,
        constraint: r.constraint,
      };
    });
}

/** A parent row: its values in column order. */
export type NamedRow = readonly (number | string | null)[];

const text = fc.stringMatching(/^[a-zA-Z0-9_;'"`?$%.-]{1,6}$/);
const valuesOf: Record<NameType, fc.Arbitrary<number | string>> = {
  integer: fc.integer({ min: -2147483648, max: 2147483647 }),
  bigint: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map(String),
  string: text,
};

/** Rows of the parent table: unique keys (few values per key column, so composite keys share prefixes). */
export function namedRows(schema: NamedSchema): fc.Arbitrary<NamedRow[]> {
  const values = schema.columns.map((c) => {
    if (c.name === schema.cursor) return fc.option(fc.integer({ min: -20, max: 20 }));
    if (!schema.key.includes(c.name)) return fc.option(valuesOf[c.type]);
    const small =
      c.type === 'string'
        ? fc.constantFrom('a', 'B', 'c;', "d'", 'e"', '`f')
        : fc.integer({ min: -3, max: 3 }).map((v) => (c.type === 'bigint' ? String(v) : v));
    return fc.oneof(small, valuesOf[c.type]);
  });
  const keyIndexes = schema.key.map((k) => schema.columns.findIndex((c) => c.name === k));
  return fc.uniqueArray(fc.tuple(...values), {
    maxLength: 30,
    selector: (row) => JSON.stringify(keyIndexes.map((i) => row[i])),
  });
}

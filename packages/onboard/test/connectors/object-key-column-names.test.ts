import { type DialectName, describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/**
 * Column names that are special as JavaScript object keys: `__proto__` and the four names mysql2
 * refuses to build a row for ("can't be the same as an object's private property"), names of
 * `Object.prototype`'s methods, and (PostgreSQL, and every dialect's custom query) names that differ
 * only in case. Each reads its own values, as the table holds them, through partitions and
 * batches, from the table (with a DOUBLE, which MariaDB reads through an expression) and from a
 * custom query over it.
 */
const NAMES = [
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'valueOf',
] as const;

const quote = (dialect: DialectName, name: string) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);

describeEachDialect('columns named like object keys', (target) => {
  const database = useTestDatabase(target, 'objkeys');
  const dialect = target.name;
  const q = (name: string) => quote(dialect, name);
  const double = dialect === 'postgres' ? 'DOUBLE PRECISION' : dialect === 'mysql' ? 'DOUBLE' : 'REAL';
  /** PostgreSQL tells `Name` from `name`; MariaDB and SQLite column names ignore case. */
  const cased = dialect === 'postgres' ? ['Name', 'name'] : [];
  const columns = [...NAMES, ...cased];

  it('read each its own value, from the table and from a custom query', async () => {
    const db = database();
    const values = (id: number) => columns.map((name, i) => `${name} ${id}.${i}`);
    await execSql(db, [
      `CREATE TABLE t (id INTEGER PRIMARY KEY, ${columns.map((c) => `${q(c)} VARCHAR(40)`).join(', ')}, d ${double})`,
      ...[1, 2, 3].map(
        (id) =>
          `INSERT INTO t VALUES (${id}, ${values(id)
            .map((v) => `'${v}'`)
            .join(', ')}, ${id}.5)`,
      ),
    ]);
    // A custom query is read as a derived table: MariaDB refuses two names differing in case there
    // (see the next test), SQLite renames the second (`label:1`), PostgreSQL keeps both.
    const lower = dialect === 'postgres' ? 'label' : dialect === 'sqlite' ? 'label:1' : null;
    const query = {
      name: 'renamed',
      sql: `SELECT id, ${q('__proto__')}, ${q('constructor')} AS ${q('Label')}${lower ? `, ${q('toString')} AS ${q('label')}` : ''} FROM t`,
      primaryKey: ['id'],
    };
    const connector = openConnector({ url: db.url, queries: [query] });
    try {
      const streams = await connector.discover();
      const readStream = async (name: string) => {
        const stream = streams.find((s) => s.name === name || s.name === `public.${name}`) as StreamInfo;
        const rows: Row[] = [];
        for (const partition of await connector.partition(stream, 2))
          rows.push(...(await readAll(connector, stream, partition, 2)));
        // Own entries only: a `__proto__` value must be a column, not the row's prototype.
        return rows.map((row) => Object.entries(row));
      };
      expect(await readStream('t')).toEqual(
        [1, 2, 3].map((id) => [
          ['id', id],
          ...columns.map((name, i) => [name, values(id)[i]]),
          ['d', id + 0.5],
        ]),
      );
      const at = (name: string) => columns.indexOf(name);
      expect(await readStream('renamed')).toEqual(
        [1, 2, 3].map((id) => [
          ['id', id],
          ['__proto__', values(id)[at('__proto__')]],
          ['Label', values(id)[at('constructor')]],
          ...(lower ? [[lower, values(id)[at('toString')]]] : []),
        ]),
      );
    } finally {
      await connector.close();
    }
  });

  it.runIf(dialect === 'mysql')(
    'MariaDB: a custom query naming two columns alike fails naming them',
    async () => {
      const db = database();
      const query = { name: 'twice', sql: 'SELECT id AS `Label`, id AS `label` FROM t' };
      const connector = openConnector({ url: db.url, queries: [query] });
      try {
        await expect(connector.discover()).rejects.toThrow(/Duplicate column name 'label'/);
      } finally {
        await connector.close();
      }
    },
  );
});

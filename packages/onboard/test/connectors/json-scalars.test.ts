import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/** JSON documents whose top level is not an object or array, with what each must read as. */
const SCALARS: readonly (readonly [string, unknown])[] = [
  ['"123"', '123'],
  ['""', ''],
  ['"abc"', 'abc'],
  ['"\\"q\\""', '"q"'],
  ['"[1]"', '[1]'],
  ['123', 123],
  ['true', true],
  ['[1,"2"]', [1, '2']],
  ['{"a":"{}"}', { a: '{}' }],
];

/**
 * A JSON column's value is parsed once: a JSON string `"123"` reads as the string `123`. pg (and
 * mysql2 for MySQL's JSON type) parse JSON themselves; parsing their result again turned `"123"`
 * into the number 123 and `"abc"` into null with a warning.
 */
describeEachDialect('JSON scalars', (target) => {
  const database = useTestDatabase(target, 'jsonsc');

  it('read as the JSON value they are, parsed once', async () => {
    const db = database();
    const type = target.name === 'postgres' ? 'JSONB' : 'JSON';
    const json = target.name === 'postgres' ? ', j2 JSON' : '';
    const values = SCALARS.map(([text], i) => {
      const literal = `'${text.replaceAll('\\', target.name === 'mysql' ? '\\\\' : '\\')}'`;
      return `(${i}, ${literal}${json ? `, ${literal}` : ''})`;
    });
    await execSql(db, [
      `CREATE TABLE js (id INT PRIMARY KEY, j ${type}${json})`,
      `INSERT INTO js VALUES ${values.join(', ')}`,
    ]);
    const warnings: string[] = [];
    const connector = openConnector({ url: db.url, onWarning: (w) => warnings.push(w) });
    try {
      const stream = (await connector.discover()).find((s) => s.name.endsWith('js'));
      if (stream === undefined) throw new Error('no stream js');
      const [partition] = await connector.partition(stream, 1000);
      if (partition === undefined) throw new Error('no partition');
      const rows = await readAll(connector, stream, partition, 100);
      expect(rows.map((row) => row['j'])).toEqual(SCALARS.map(([, value]) => value));
      if (json) expect(rows.map((row) => row['j2'])).toEqual(SCALARS.map(([, value]) => value));
      expect(warnings).toEqual([]);
    } finally {
      await connector.close();
    }
  });
});

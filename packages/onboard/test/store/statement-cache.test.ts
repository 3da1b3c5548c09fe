import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from '../../src/store/statement-cache.ts';

describe('the run store’s statement cache', () => {
  it('compiles each SQL text once and runs it again with new parameters', () => {
    const database = new Database(':memory:');
    cacheStatements(database);
    database.prepare('create table t (a integer, b text)').run();
    const insert = database.prepare('insert into t values (?, ?)');
    expect(database.prepare('insert into t values (?, ?)')).toBe(insert);
    database.prepare('insert into t values (?, ?)').run(1, 'x');
    database.prepare('insert into t values (?, ?)').run(2, 'y');
    expect(database.prepare('select a, b from t order by a').all()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(database.prepare('select a from t where a = ?').all(2)).toEqual([{ a: 2 }]);
    database.close();
  });
});

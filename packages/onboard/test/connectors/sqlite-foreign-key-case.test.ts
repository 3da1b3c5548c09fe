import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql } from './sql-exec.ts';

/**
 * SQLite folds only ASCII letters when it matches a foreign key's target table, so `é` and `É` are
 * two tables: a key referencing `é` targets `é`, not whichever of the two sorts first.
 */
describeEachDialect(
  'foreign key targets',
  (target) => {
    const database = useTestDatabase(target, 'fkcase');

    it('tells tables apart that differ in the case of a non-ASCII letter', async () => {
      await execSql(database(), [
        'CREATE TABLE "é" (id INTEGER PRIMARY KEY)',
        'CREATE TABLE "É" (id INTEGER PRIMARY KEY, "ref" INTEGER REFERENCES "é" (id))',
        'CREATE TABLE "Ab" (id INTEGER PRIMARY KEY, "ref" INTEGER REFERENCES "aB" (id))',
      ]);
      const connector = openConnector({ url: database().url });
      try {
        const streams = await connector.discover();
        const keys = (name: string) => streams.find((s) => s.name === name)?.foreignKeys;
        expect(keys('É')).toEqual([{ columns: ['ref'], target: 'é', references: ['id'] }]);
        // ASCII letters fold: "aB" is the table "Ab".
        expect(keys('Ab')).toEqual([{ columns: ['ref'], target: 'Ab', references: ['id'] }]);
      } finally {
        await connector.close();
      }
    });
  },
  ['sqlite'],
);

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql } from './sql-exec.ts';

/**
 * MariaDB declares a JSON column as LONGTEXT with a `json_valid(`name`)` check, the name quoted with
 * its backticks doubled: a JSON column whose name holds a backtick is JSON, and a LONGTEXT column
 * named like it without the backtick is not.
 */
describeEachDialect(
  'JSON columns by their check',
  (target) => {
    const database = useTestDatabase(target, 'jsonnames');

    it('matches the check to the column whatever its name holds', async () => {
      await execSql(database(), [
        'CREATE TABLE j (id INT PRIMARY KEY, `a``b` JSON, `ab` LONGTEXT, `c d` JSON)',
      ]);
      const connector = openConnector({ url: database().url });
      try {
        const [stream] = await connector.discover();
        expect(stream?.columns.map((c) => [c.name, c.type])).toEqual([
          ['id', 'integer'],
          ['a`b', 'json'],
          ['ab', 'string'],
          ['c d', 'json'],
        ]);
      } finally {
        await connector.close();
      }
    });
  },
  ['mysql'],
);

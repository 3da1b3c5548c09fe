import { describeEachDialect, mysqlAdmin, postgresAdmin, uniqueName, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql } from './sql-exec.ts';

async function check(url: string) {
  const connector = openConnector({ url });
  try {
    return await connector.check();
  } finally {
    await connector.close();
  }
}

describeEachDialect(
  'check reasons',
  (target) => {
    const database = useTestDatabase(target, 'check');
    const user = uniqueName('reader');
    const password = 'Reader-Pw-31';
    beforeAll(async () => {
      await execSql(database(), ['CREATE TABLE secret_t (id INT PRIMARY KEY)']);
      if (target.name === 'postgres')
        await postgresAdmin(`CREATE ROLE "${user}" LOGIN PASSWORD '${password}'`);
      else await mysqlAdmin(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    });
    afterAll(async () => {
      if (target.name === 'postgres') {
        await postgresAdmin(`DROP ROLE IF EXISTS "${user}"`);
      } else {
        await mysqlAdmin(`DROP USER IF EXISTS '${user}'@'%'`);
      }
    });

    it('database_missing names the database', async () => {
      const url = new URL(database().url);
      url.pathname = '/mt_no_such_database';
      expect(await check(url.toString())).toMatchObject({
        ok: false,
        code: 'database_missing',
        message: expect.stringContaining('mt_no_such_database'),
      });
    });

    it('permission_denied when the user may read nothing, without the password', async () => {
      const url = new URL(database().url);
      url.username = user;
      url.password = password;
      const result = await check(url.toString());
      expect(result).toMatchObject({ ok: false, code: 'permission_denied' });
      expect(JSON.stringify(result)).not.toContain(password);
    });

    it('unreachable when nothing listens', async () => {
      const url = new URL(database().url);
      url.port = '1';
      expect(await check(url.toString())).toMatchObject({ ok: false, code: 'unreachable' });
    });
  },
  ['postgres', 'mysql'],
);

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { MODEL } from '../../src/model/model.ts';
import { MysqlTableNamesIntrospector } from '../../src/storage/dialects/mysql/mysql-table-names-introspector.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import { migrateTenant, pendingTenantMigrations } from '../../src/tenancy/tenant-schema.ts';

describeEachDialect(
  'MySQL table listing without information_schema',
  (target) => {
    const database = useTestDatabase(target, 'names');

    it('migrates and finds pending migrations from SHOW FULL TABLES', async () => {
      const storage = STORAGE_DIALECTS.mysql;
      const db = storage.open(database().url, { max: 1, idleMs: 1000 });
      try {
        expect(db.introspection).toBeInstanceOf(MysqlTableNamesIntrospector);
        expect((await pendingTenantMigrations(db, storage, MODEL)).length).toBeGreaterThan(0);
        await migrateTenant(db, storage, MODEL);
        expect(await pendingTenantMigrations(db, storage, MODEL)).toEqual([]);
        const names = (await db.introspection.getTables()).map((t) => t.name);
        expect(names).toEqual(
          expect.arrayContaining(['madeup_migration', 'madeup_migration_lock', 'customers']),
        );
      } finally {
        await db.destroy();
      }
    });
  },
  ['mysql'],
);

import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import { afterAll, expect, it } from 'vitest';
import { selectIdsOfMany } from '../../src/import/select-existing.ts';
import { MODEL } from '../../src/model/model.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import { migrateTenant } from '../../src/tenancy/tenant-schema.ts';

const row = (source: string, xid: string) => ({
  source,
  external_id: xid,
  content_hash: 'h',
  row_created_at: '2024-01-01 00:00:00.000000',
  row_updated_at: '2024-01-01 00:00:00.000000',
});

describeEachDialect('parent ids of several tables in one statement', (target) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('finds each lookup in its own table and source, in rounds of at most 1000 ids', async () => {
    const storage = STORAGE_DIALECTS[target.name];
    const database = await createTestDatabase(target.name, 'ids');
    databases.push(database);
    const db: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
    try {
      await migrateTenant(db, storage, MODEL);
      const products = Array.from({ length: 1200 }, (_, i) => `p${i}`);
      for (let at = 0; at < products.length; at += 200)
        await db
          .insertInto('products')
          .values(products.slice(at, at + 200).map((xid) => ({ ...row('s', xid), name: xid })))
          .execute();
      await db
        .insertInto('products')
        .values({ ...row('other', 'elsewhere'), name: 'x' })
        .execute();
      // Same external ids as two products, in another table: each lookup reads its own table.
      await db
        .insertInto('locations')
        .values([
          { ...row('s', 'p1'), name: 'b' },
          { ...row('s', 'p0'), name: 'a' },
        ])
        .execute();
      const ids = async (table: string, source: string) =>
        new Map(
          (
            await db.selectFrom(table).select(['id', 'external_id']).where('source', '=', source).execute()
          ).map((r) => [String(r['external_id']), String(r['id'])]),
        );
      const [found, none, places] = await selectIdsOfMany(db, storage.syntax, 's', [
        { table: 'products', keys: [...products, 'missing', 'elsewhere'] },
        { table: 'products', keys: [] },
        { table: 'locations', keys: ['p1', 'p0', 'nope'] },
      ]);
      expect(found).toEqual(await ids('products', 's'));
      expect(found?.size).toBe(1200);
      expect(none?.size).toBe(0);
      expect(places).toEqual(await ids('locations', 's'));
      expect(places?.get('p0')).not.toBe(found?.get('p0'));
    } finally {
      await db.destroy();
    }
  });
});

import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import type { MigrationProvider } from 'kysely/migration';
import { afterAll, expect, it } from 'vitest';
import { MODEL } from '../../src/model/model.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import { migrateToLatest } from '../../src/storage/migrations.ts';
import { tenantMigrations } from '../../src/storage/tenant-migrations.ts';
import { migrateTenant } from '../../src/tenancy/tenant-schema.ts';

/** Definitions of the foreign keys and of the `staff_manager_xid` index, as the database reports them. */
async function schemaOf(db: Db, dialect: string): Promise<{ foreignKeys: number; pendingIndex: string }> {
  if (dialect === 'postgres') {
    const fks = await sql<{ n: string }>`SELECT COUNT(*) AS n FROM pg_constraint WHERE contype = 'f'`.execute(
      db,
    );
    const index = await sql<{ def: string }>`
      SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'staff_manager_xid'`.execute(db);
    return { foreignKeys: Number(fks.rows[0]?.n), pendingIndex: index.rows[0]?.def ?? '' };
  }
  if (dialect === 'mysql') {
    const created = await sql<Record<string, string>>`SHOW CREATE TABLE staff`.execute(db);
    const text = Object.values(created.rows[0] ?? {}).join('\n');
    return { foreignKeys: text.split('FOREIGN KEY').length - 1, pendingIndex: text };
  }
  const fks = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM pragma_foreign_key_list('staff')`.execute(
    db,
  );
  const index = await sql<{ def: string }>`
    SELECT sql AS def FROM sqlite_master WHERE name = 'staff_manager_xid'`.execute(db);
  return { foreignKeys: Number(fks.rows[0]?.n), pendingIndex: index.rows[0]?.def ?? '' };
}

const person = (xid: string, managerXid: string | null) => ({
  source: 's',
  external_id: xid,
  content_hash: 'h',
  row_created_at: '2024-01-01 00:00:00.000000',
  row_updated_at: '2024-01-01 00:00:00.000000',
  first_name: 'F',
  last_name: xid,
  manager_xid: managerXid,
});

describeEachDialect('reference indexes and keys', (target) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('drops per-row foreign-key checks where it can, indexes only pending references, and still resolves them', async () => {
    const storage = STORAGE_DIALECTS[target.name];
    const database = await createTestDatabase(target.name, 'lean');
    databases.push(database);
    const db: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
    try {
      const all = await tenantMigrations(storage, MODEL).getMigrations();
      const before: MigrationProvider = {
        getMigrations: async () =>
          Object.fromEntries(Object.entries(all).filter(([name]) => name < '0005')) as never,
      };
      await migrateToLatest(db as never, before, 'madeup_migration');
      expect((await schemaOf(db, target.name)).foreignKeys).toBeGreaterThan(0);
      await db
        .insertInto('staff')
        .values([person('kid', 'boss'), person('loner', null)])
        .execute();
      expect(await migrateTenant(db, storage, MODEL)).toEqual([
        '0005_lean_reference_indexes',
        '0006_pending_reference_index_prefix',
        '0007_reference_epoch',
      ]);

      const schema = await schemaOf(db, target.name);
      // SQLite keeps its inline keys (a table cannot drop one); the others have none left.
      if (target.name === 'sqlite') expect(schema.foreignKeys).toBeGreaterThan(0);
      else expect(schema.foreignKeys).toBe(0);
      // MySQL indexed the key's column for the key: that index goes with it.
      if (target.name === 'mysql') expect(schema.pendingIndex).not.toContain('manager_id_fk');
      if (storage.partialIndexes) expect(schema.pendingIndex).toMatch(/WHERE.*manager_id.*IS NULL/i);
      // Without partial indexes, pending references (null id) lead their index instead.
      if (target.name === 'mysql')
        expect(schema.pendingIndex).toMatch(
          /KEY `staff_manager_xid` \(`source`,`manager_id`,`manager_xid`\)/,
        );
      const managers = [{ childTable: 'staff', idColumn: 'manager_id', xidColumn: 'manager_xid' }];
      const locations = [{ childTable: 'staff', idColumn: 'location_id', xidColumn: 'location_xid' }];
      if (storage.pendingAmong !== undefined) {
        expect(await storage.pendingAmong(db, 's', [...managers, ...locations])).toEqual([true, false]);
        expect(await storage.pendingAmong(db, 'other', managers)).toEqual([false]);
      }

      await db.insertInto('staff').values(person('boss', null)).execute();
      const resolved = await storage.resolvePending(db, {
        childTable: 'staff',
        idColumn: 'manager_id',
        xidColumn: 'manager_xid',
        parentTable: 'staff',
        source: 's',
        parentXids: ['boss', 'loner'],
      });
      expect(resolved).toBe(1);
      if (storage.pendingAmong !== undefined)
        expect(await storage.pendingAmong(db, 's', managers)).toEqual([false]);
      const rows = await db
        .selectFrom('staff')
        .select(['id', 'external_id', 'manager_id'])
        .orderBy('external_id')
        .execute();
      const boss = rows.find((r) => r['external_id'] === 'boss');
      expect(
        rows.map((r) => [r['external_id'], r['manager_id'] === null ? null : String(r['manager_id'])]),
      ).toEqual([
        ['boss', null],
        ['kid', String(boss?.['id'])],
        ['loner', null],
      ]);
    } finally {
      await db.destroy();
    }
  });
});

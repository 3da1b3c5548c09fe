import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { importBatch } from '../../src/import/import-batch.ts';
import type { CompiledEntity } from '../../src/model/compiled-entity.ts';
import { MODEL } from '../../src/model/model.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import { migrateTenant } from '../../src/tenancy/tenant-schema.ts';

const person = (externalId: string, manager: string | null) => ({
  externalId,
  fields: { firstName: 'F', lastName: externalId },
  refs: { manager },
});

describeEachDialect('self-references within a batch', (target) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('hold the parent id once the batch is written, parents before or after their children, across batches too', async () => {
    const storage = STORAGE_DIALECTS[target.name];
    const database = await createTestDatabase(target.name, 'selfref');
    databases.push(database);
    const db: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 2, idleMs: 1000 });
    try {
      await migrateTenant(db, storage, MODEL);
      const entity = MODEL.get('staff') as CompiledEntity;
      const send = (records: unknown[]) =>
        importBatch({
          db,
          dialect: storage,
          model: MODEL,
          entity,
          source: 's',
          records,
          deferUnresolved: true,
          dryRun: false,
        });
      // a <- b <- c (c's manager is b), d's manager comes in the next batch, e has none.
      const first = await send([
        person('c', 'b'),
        person('a', null),
        person('b', 'a'),
        person('d', 'x'),
        person('e', null),
      ]);
      expect(first.counts.created).toBe(5);
      expect(first.results.map((r) => r.deferred ?? [])).toEqual([[], [], [], ['manager'], []]);
      const second = await send([person('y', 'c'), person('x', 'y')]);
      expect(second.counts.created).toBe(2);
      const rows = await db.selectFrom('staff').select(['id', 'external_id', 'manager_id']).execute();
      const idOf = new Map(rows.map((r) => [String(r['external_id']), String(r['id'])]));
      const managerOf = Object.fromEntries(
        rows.map((r) => [
          String(r['external_id']),
          r['manager_id'] === null ? null : String(r['manager_id']),
        ]),
      );
      expect(managerOf).toEqual({
        a: null,
        b: idOf.get('a'),
        c: idOf.get('b'),
        d: idOf.get('x'),
        e: null,
        x: idOf.get('y'),
        y: idOf.get('c'),
      });
      if (target.name === 'postgres') {
        // Each row was written once: no row has a second version (an UPDATE after the insert
        // would have put one at a later slot of the page); d's reference resolved later is the
        // only one updated.
        const versions = await sql<{ xid: string; slot: number }>`
          SELECT external_id AS xid, (ctid::text::point)[1]::int AS slot FROM staff ORDER BY slot`.execute(
          db,
        );
        expect(versions.rows.filter((r) => r.slot > 7).map((r) => r.xid)).toEqual(['d']);
      }
    } finally {
      await db.destroy();
    }
  });
});

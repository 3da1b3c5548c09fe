import type { DeleteBatchResponse, ImportBatchResponse, TenantDialect } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { tenantDatabaseName } from '../../src/catalog/tenant-id.ts';
import {
  cachedIdCount,
  forgetReferenceCache,
  MAX_CACHED_REFERENCE_IDS,
  openReferenceCache,
  REFERENCE_CACHE_IDLE_MS,
} from '../../src/import/reference-cache.ts';
import { MODEL } from '../../src/model/model.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import { bumpReferenceEpoch } from '../../src/storage/reference-epoch.ts';
import { serverFor } from '../../src/tenancy/tenant-location.ts';
import { migrateTenant } from '../../src/tenancy/tenant-schema.ts';
import { type ApiClient, apiClient } from '../support/api-client.ts';
import { type TenantClient, useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const invoice = (externalId: string, customerXid: string) => ({
  externalId,
  fields: { issuedAt: '2024-01-01T00:00:00Z', total: '1.00' },
  refs: { customer: customerXid },
});

// Core keeps the parent ids it saw committed (`import/reference-cache.ts`) and looks up only the
// others. Whatever happened to the tenant database meanwhile (deletes by another core process,
// the database dropped and created again, attempts rolled back, other tenants with the same
// external ids, batches at once), every reference written must hold the id its parent has in the
// database: what the lookup without a cache gives.
describeEachDialect('parent ids from the reference cache', (target) => {
  const fixture = useCore(target);
  const others: RunningCore[] = [];
  afterAll(async () => {
    for (const core of others) await core.close();
  });
  const storage = STORAGE_DIALECTS[target.name];
  const location = (core: RunningCore, tenantId: string) => {
    const dialect = target.name as TenantDialect;
    const prefix = dialect === 'sqlite' ? '' : core.config.databasePrefix;
    const server = serverFor(core.config, dialect);
    return { server, name: tenantDatabaseName(prefix, tenantId) };
  };
  /** The tenant's database, opened beside core's pools. */
  const openTenant = (tenant: TenantClient): Db => {
    const { server, name } = location(fixture().core, tenant.tenantId);
    return storage.open(storage.locate(server, name), { max: 1, idleMs: 1000 });
  };
  /** Invoices of `source` whose customer id is not the id of the customer they name, in the database. */
  const wrongReferences = async (db: Db, source: string) => {
    const customers = new Map(
      (
        await db.selectFrom('customers').select(['id', 'external_id']).where('source', '=', source).execute()
      ).map((r) => [String(r['external_id']), String(r['id'])]),
    );
    const invoices = await db
      .selectFrom('invoices')
      .select(['external_id', 'customer_id', 'customer_xid'])
      .where('source', '=', source)
      .execute();
    expect(invoices.length).toBeGreaterThan(0);
    return invoices
      .filter((r) => String(r['customer_id']) !== customers.get(String(r['customer_xid'])))
      .map((r) => [r['external_id'], r['customer_xid'], r['customer_id']]);
  };
  const secondCore = async () => {
    const core = await startCore(fixture().options);
    others.push(core);
    return core;
  };
  const created = (r: { body: ImportBatchResponse }) => r.body.results.map((x) => x.outcome);

  it('a parent soft-deleted by another core process, then referenced: the id the lookup gives (its own, as before)', async () => {
    const a = await fixture().tenant('del');
    const b: ApiClient = apiClient((await secondCore()).url, a.token);
    const source = 'del';
    await a.post('/v1/import/customers', { source, records: [customer('c1'), customer('c2')] });
    // Process A caches c1 and c2 (written by it, and looked up by this batch).
    expect(created(await a.post('/v1/import/invoices', { source, records: [invoice('i1', 'c1')] }))).toEqual([
      'created',
    ]);
    const deleted = await b.post<DeleteBatchResponse>('/v1/import/customers/delete', {
      source,
      externalIds: ['c1'],
    });
    expect(deleted.body.counts.deleted).toBe(1);
    const viaA = await a.post<ImportBatchResponse>('/v1/import/invoices', {
      source,
      records: [invoice('i2', 'c1')],
    });
    const viaB = await b.post<ImportBatchResponse>('/v1/import/invoices', {
      source,
      records: [invoice('i3', 'c1')],
    });
    expect([...created(viaA), ...created(viaB)]).toEqual(['created', 'created']);
    const db = openTenant(a);
    try {
      expect(await wrongReferences(db, source)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('a parent row removed and written again with a new id (the epoch raised, as a delete does): children get the new id', async () => {
    const a = await fixture().tenant('gone');
    const b: ApiClient = apiClient((await secondCore()).url, a.token);
    const source = 'gone';
    await a.post('/v1/import/customers', { source, records: [customer('c1'), customer('c2')] });
    await a.post('/v1/import/invoices', { source, records: [invoice('i1', 'c1')] });
    const db = openTenant(a);
    try {
      // What no core path does, and what the epoch's generation is there for: c1's row gone.
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('invoices').where('source', '=', source).execute();
        await trx
          .deleteFrom('customers')
          .where('source', '=', source)
          .where('external_id', '=', 'c1')
          .execute();
        await bumpReferenceEpoch(trx);
      });
      // Written again by the other process, so this one's cache still holds the old id.
      await b.post('/v1/import/customers', { source, records: [customer('c3'), customer('c1')] });
      const child = await a.post<ImportBatchResponse>('/v1/import/invoices', {
        source,
        records: [invoice('i2', 'c1'), invoice('i3', 'c2')],
      });
      expect(created(child)).toEqual(['created', 'created']);
      expect(await wrongReferences(db, source)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  // A SQLite pool keeps the file it opened, so a database created again under its name is only
  // ever seen through a new pool (with a cache of its own); server pools reconnect to it.
  it.skipIf(target.name === 'sqlite')(
    'the tenant database dropped and created again under the same name: ids of the new database only',
    async () => {
      const a = await fixture().tenant('again');
      const source = 'again';
      await a.post('/v1/import/customers', { source, records: [customer('c1'), customer('c2')] });
      await a.post('/v1/import/invoices', { source, records: [invoice('i1', 'c1'), invoice('i2', 'c2')] });
      const { server, name } = location(fixture().core, a.tenantId);
      await storage.dropDatabase(server, name);
      const fresh = storage.open(await storage.createDatabase(server, name), { max: 1, idleMs: 1000 });
      try {
        await migrateTenant(fresh, storage, MODEL);
        // Other customers first, so c1 and c2 get other ids than in the database before (written
        // here, not through core: its cache still holds their old ids).
        await fresh
          .insertInto('customers')
          .values(
            ['x1', 'x2', 'x3', 'x4', 'x5', 'c2', 'c1'].map((xid) => ({
              source,
              external_id: xid,
              content_hash: 'h',
              row_created_at: '2024-01-01 00:00:00.000000',
              row_updated_at: '2024-01-01 00:00:00.000000',
              first_name: 'F',
              last_name: 'L',
              email: 'x@example.com',
            })),
          )
          .execute();
      } finally {
        await fresh.destroy();
      }
      // The pool's connections to the dropped database fail once each, then it reconnects.
      const post = async (path: string, body: unknown) => {
        for (let attempt = 0; ; attempt++) {
          const response = await a.post<ImportBatchResponse>(path, body);
          if (response.status === 200 || attempt >= 20) return response;
        }
      };
      const staff = { externalId: 's1', fields: { firstName: 'F', lastName: 'L' } };
      expect((await post('/v1/import/staff', { source, records: [staff] })).status).toBe(200);
      const child = await post('/v1/import/invoices', {
        source,
        records: [invoice('i3', 'c1'), invoice('i4', 'c2')],
      });
      expect(created(child)).toEqual(['created', 'created']);
      const db = openTenant(a);
      try {
        expect(await wrongReferences(db, source)).toEqual([]);
      } finally {
        await db.destroy();
      }
    },
  );

  it('an attempt rolled back (a key another process wrote under a batch written before reading) adds nothing', async () => {
    const a = await fixture().tenant('roll');
    const b: ApiClient = apiClient((await secondCore()).url, a.token);
    const source = 'roll';
    // Only new records: A's next batch of customers is written before reading (PostgreSQL).
    await a.post('/v1/import/customers', { source, records: [customer('c1'), customer('c2')] });
    await b.post('/v1/import/customers', { source, records: [customer('c4')] });
    // c3 new, c4 taken by B: the first attempt (ids drawn for both) rolls back, the second commits.
    const mixed = await a.post<ImportBatchResponse>('/v1/import/customers', {
      source,
      records: [customer('c3'), customer('c4')],
    });
    expect(created(mixed)).toEqual(['created', 'unchanged']);
    const child = await a.post<ImportBatchResponse>('/v1/import/invoices', {
      source,
      records: ['c1', 'c2', 'c3', 'c4'].map((c) => invoice(`i-${c}`, c)),
    });
    expect(created(child)).toEqual(['created', 'created', 'created', 'created']);
    const db = openTenant(a);
    try {
      expect(await wrongReferences(db, source)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  // A transaction that fails at COMMIT, after its rows and ids were written: a constraint trigger
  // checked at commit refuses one record (PostgreSQL only).
  it.runIf(target.name === 'postgres')(
    'a batch refused at commit, after writing, adds none of the ids it wrote',
    async () => {
      const a = await fixture().tenant('commit');
      const b: ApiClient = apiClient((await secondCore()).url, a.token);
      const source = 'commit';
      const db = openTenant(a);
      try {
        await sql`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.external_id = 'boom' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$`.execute(
          db,
        );
        await sql`CREATE CONSTRAINT TRIGGER refuse_boom AFTER INSERT ON customers
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_boom()`.execute(db);
        await a.post('/v1/import/customers', { source, records: [customer('c1')] });
        const refused = await a.post('/v1/import/customers', {
          source,
          records: [customer('c2'), customer('boom')],
        });
        expect(refused.status).toBe(500);
        // c2 written for good by the other process (another id: the sequence moved on).
        expect(created(await b.post('/v1/import/customers', { source, records: [customer('c2')] }))).toEqual([
          'created',
        ]);
        const child = await a.post<ImportBatchResponse>('/v1/import/invoices', {
          source,
          records: [invoice('i1', 'c1'), invoice('i2', 'c2')],
        });
        expect(created(child)).toEqual(['created', 'created']);
        expect(await wrongReferences(db, source)).toEqual([]);
      } finally {
        await db.destroy();
      }
    },
  );

  it('two tenants with the same external ids get their own parents', async () => {
    const one = await fixture().tenant('one');
    const two = await fixture().tenant('two');
    const source = 'same';
    await one.post('/v1/import/customers', { source, records: [customer('c1'), customer('c2')] });
    // Other ids in the second tenant for the same external ids.
    await two.post('/v1/import/customers', {
      source,
      records: [customer('z1'), customer('z2'), customer('z3')],
    });
    await two.post('/v1/import/customers', { source, records: [customer('c2'), customer('c1')] });
    for (const tenant of [one, two, one, two])
      expect(
        created(
          await tenant.post('/v1/import/invoices', { source, records: [invoice(`i${Math.random()}`, 'c1')] }),
        ),
      ).toEqual(['created']);
    for (const tenant of [one, two]) {
      const db = openTenant(tenant);
      try {
        expect(await wrongReferences(db, source)).toEqual([]);
      } finally {
        await db.destroy();
      }
    }
  });

  it('batches at once, on two core processes, with deletes among them: every reference holds its parent', async () => {
    const a = await fixture().tenant('many');
    // Two SQLite connections in one process wait on each other's locks synchronously (the second
    // core runs in this process): SQLite's batches at once go to one core.
    const b: ApiClient = target.name === 'sqlite' ? a : apiClient((await secondCore()).url, a.token);
    const source = 'many';
    const customers = Array.from({ length: 600 }, (_, n) => `c${n}`);
    const batches = (xids: string[], size: number) =>
      Array.from({ length: Math.ceil(xids.length / size) }, (_, k) => xids.slice(k * size, (k + 1) * size));
    await Promise.all(
      batches(customers, 100).map((part, k) =>
        (k % 2 === 0 ? a : b).post('/v1/import/customers', { source, records: part.map((c) => customer(c)) }),
      ),
    );
    let serial = 0;
    const round = () =>
      Promise.all([
        ...Array.from({ length: 6 }, (_, k) =>
          (k % 2 === 0 ? a : b).post<ImportBatchResponse>('/v1/import/invoices', {
            source,
            records: Array.from({ length: 100 }, () => {
              serial += 1;
              return invoice(`i${serial}`, customers[(serial * 7919) % customers.length] as string);
            }),
          }),
        ),
        b.post('/v1/import/customers/delete', { source, externalIds: [customers[serial % 600] as string] }),
        a.post('/v1/import/customers', { source, records: [customer(`late${serial}`)] }),
      ]);
    for (let k = 0; k < 3; k++) {
      const responses = await round();
      for (const response of responses.slice(0, 6))
        expect((response.body as ImportBatchResponse).counts.created).toBe(100);
    }
    const db = openTenant(a);
    try {
      expect(await wrongReferences(db, source)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

describe('the reference cache', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('keeps at most MAX_CACHED_REFERENCE_IDS ids, the oldest going first, and only for the epoch it was read under', async () => {
    const storage = STORAGE_DIALECTS.sqlite;
    const database = await createTestDatabase('sqlite', 'refcache');
    databases.push(database);
    const db: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
    try {
      await migrateTenant(db, storage, MODEL);
      const view = await openReferenceCache(db, db);
      const ids = (from: number, count: number) =>
        new Map(Array.from({ length: count }, (_, n) => [`x${from + n}`, String(from + n)] as const));
      const max = MAX_CACHED_REFERENCE_IDS;
      const over = max / 5;
      view.remember('customers', 's', ids(0, max - over));
      view.remember('customers', 's', ids(max - over, 2 * over));
      expect(cachedIdCount()).toBe(max);
      const { hits, misses } = view.take('customers', 's', [
        'x0',
        `x${over - 1}`,
        `x${over}`,
        `x${max + over - 1}`,
      ]);
      expect(misses).toEqual(['x0', `x${over - 1}`]);
      expect(hits).toEqual(
        new Map([
          [`x${over}`, String(over)],
          [`x${max + over - 1}`, String(max + over - 1)],
        ]),
      );
      expect(view.take('customers', 'other', [`x${over}`]).misses).toEqual([`x${over}`]);
      expect(view.take('staff', 's', [`x${over}`]).misses).toEqual([`x${over}`]);
      // A delete raises the epoch: the next batch finds nothing cached, and the old view adds nothing.
      await bumpReferenceEpoch(db);
      const next = await openReferenceCache(db, db);
      expect(next.take('customers', 's', [`x${over}`]).misses).toEqual([`x${over}`]);
      expect(view.current).toBe(false);
      view.remember('customers', 's', new Map([['late', '1']]));
      expect(next.take('customers', 's', ['late']).misses).toEqual(['late']);
      // Another pool on the same database keeps its own.
      next.remember('customers', 's', new Map([['mine', '7']]));
      const other: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
      try {
        expect((await openReferenceCache(other, other)).take('customers', 's', ['mine']).misses).toEqual([
          'mine',
        ]);
      } finally {
        await other.destroy();
      }
      expect(next.take('customers', 's', ['mine']).hits.get('mine')).toBe('7');
    } finally {
      await db.destroy();
    }
  });

  // Without this a tenant loaded earlier kept its ids until a later load pushed them out, so each
  // load into another tenant grew the process by its own ids on top of the earlier one's.
  it("drops an idle tenant's ids (no batch for REFERENCE_CACHE_IDLE_MS) and a closed pool's", async () => {
    const storage = STORAGE_DIALECTS.sqlite;
    const database = await createTestDatabase('sqlite', 'refidle');
    databases.push(database);
    const open = (): Db => storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
    // Two pools on one database keep apart: as two tenants would.
    const [a, b] = [open(), open()];
    try {
      await migrateTenant(a, storage, MODEL);
      // Later than every cache the tests before opened, so those are idle by then and go first.
      const t0 = Date.now() + 10 * REFERENCE_CACHE_IDLE_MS;
      (await openReferenceCache(a, a, t0)).remember(
        'customers',
        's',
        new Map([
          ['a1', '1'],
          ['a2', '2'],
          ['a3', '3'],
        ]),
      );
      expect(cachedIdCount()).toBe(3);
      // b's batches go on; a has been idle for a little less than the limit: kept.
      const viewB = await openReferenceCache(b, b, t0 + REFERENCE_CACHE_IDLE_MS - 1000);
      viewB.remember(
        'customers',
        's',
        new Map([
          ['b1', '4'],
          ['b2', '5'],
        ]),
      );
      expect(cachedIdCount()).toBe(5);
      // Past the limit: a's ids go with b's next batch, b's stay.
      const nextB = await openReferenceCache(b, b, t0 + REFERENCE_CACHE_IDLE_MS + 1);
      expect(cachedIdCount()).toBe(2);
      expect(nextB.take('customers', 's', ['b1', 'b2']).hits.size).toBe(2);
      const againA = await openReferenceCache(a, a, t0 + REFERENCE_CACHE_IDLE_MS + 2);
      expect(againA.take('customers', 's', ['a1']).misses).toEqual(['a1']);
      // A pool that closes takes its ids with it.
      forgetReferenceCache(b);
      expect(cachedIdCount()).toBe(0);
      expect(
        (await openReferenceCache(b, b, t0 + REFERENCE_CACHE_IDLE_MS + 3)).take('customers', 's', ['b1'])
          .misses,
      ).toEqual(['b1']);
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });
  it('counts each id once however it is added (a Map, two arrays, ids already cached), and a lookup keeps what it took through an eviction', async () => {
    const storage = STORAGE_DIALECTS.sqlite;
    const database = await createTestDatabase('sqlite', 'refcount');
    databases.push(database);
    const db: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
    try {
      await migrateTenant(db, storage, MODEL);
      // Later than every cache the tests before opened: those are dropped as idle.
      const view = await openReferenceCache(db, db, Date.now() + 100 * REFERENCE_CACHE_IDLE_MS);
      expect(cachedIdCount()).toBe(0);
      view.remember(
        'customers',
        's',
        new Map([
          ['a', '1'],
          ['b', '2'],
        ]),
      );
      view.rememberEach('customers', 's', ['b', 'c', 'c', 'd'], ['2', '3', '3', '4']);
      view.remember(
        'customers',
        's',
        new Map([
          ['a', '1'],
          ['e', '5'],
        ]),
      );
      view.rememberEach('staff', 's', ['a'], ['9']);
      expect(cachedIdCount()).toBe(6);
      const taken = view.take('customers', 's', ['a', 'd', 'zz']);
      expect(taken.hits).toEqual(
        new Map([
          ['a', '1'],
          ['d', '4'],
        ]),
      );
      expect(view.take('staff', 's', ['a']).hits.get('a')).toBe('9');
      // Filling the cache past its bound evicts the oldest (these): what was taken stays taken.
      const xids = Array.from({ length: MAX_CACHED_REFERENCE_IDS }, (_, n) => `n${n}`);
      view.rememberEach('locations', 's', xids, xids);
      expect(cachedIdCount()).toBe(MAX_CACHED_REFERENCE_IDS);
      expect(view.take('customers', 's', ['a', 'd']).misses).toEqual(['a', 'd']);
      expect(taken.hits).toEqual(
        new Map([
          ['a', '1'],
          ['d', '4'],
        ]),
      );
    } finally {
      forgetReferenceCache(db);
      await db.destroy();
    }
  });
});

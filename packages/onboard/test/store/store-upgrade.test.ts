import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { migrationProvider } from '../../src/store/store-migrations.ts';
import type { StoreDatabase } from '../../src/store/store-schema.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

describe('a run store written before the task worker was kept (migrations up to 0005)', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-upgrade-'));
    path = join(dir, 'runs.sqlite');
    const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: new Database(path) }) });
    const all = await migrationProvider.getMigrations();
    const old = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006'));
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: async () => old },
      migrationTableName: 'onboard_migration',
      migrationLockTableName: 'onboard_migration_lock',
    }).migrateToLatest();
    expect(error).toBeUndefined();
    const store = new RunStore(db);
    await createCustomerRun(store, 'old-run', {}, 1);
    await store.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens for reading, its tasks without a worker; a task started now names this process', async () => {
    const store = await openRunStore(path, 'existing');
    try {
      expect((await store.listTasks('old-run')).map((t) => t.worker)).toEqual([null]);
      await store.startTask('old-run', 'customer#0');
      expect((await store.listTasks('old-run')).map((t) => t.worker)).toEqual([
        `${hostname()} pid ${process.pid}`,
      ]);
    } finally {
      await store.close();
    }
  });
});

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';

const OPEN_RUN_STORE = new URL('../../src/store/open-run-store.ts', import.meta.url).href;

/** The schema statements and migration rows of a freshly migrated store, in creation order. */
function freshStore(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const statements = db
      .prepare(`select name, sql from sqlite_master where sql is not null order by rowid`)
      .all() as { name: string; sql: string }[];
    return {
      lockTables: statements.filter((s) => s.name.startsWith('onboard_migration')),
      rest: statements.filter((s) => !s.name.startsWith('onboard_migration')),
      migrations: db.prepare('select * from onboard_migration').all() as Record<string, unknown>[],
      locks: db.prepare('select * from onboard_migration_lock').all() as Record<string, unknown>[],
    };
  } finally {
    db.close();
  }
}

function insertAll(db: Database.Database, table: string, rows: Record<string, unknown>[]): void {
  for (const row of rows) {
    const names = Object.keys(row);
    db.prepare(`insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`).run(
      ...Object.values(row),
    );
  }
}

// Two `onboard run` started at once on a new SQLite store both migrated it: one failed with
// "table onboard_runs already exists" (or a migration applied twice), since Kysely takes no
// migration lock on SQLite. Here the test process is the first migrator, holding the write lock
// while the other process (spawned) has found the migrations pending.
describe('migrating a new SQLite run store from two processes at once', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-migration-lock-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('the second waits for the first and finds the store up to date', async () => {
    await (await openRunStore(join(dir, 'template.sqlite'))).close();
    const template = freshStore(join(dir, 'template.sqlite'));
    const path = join(dir, 'runs.sqlite');
    const first = new Database(path);
    first.pragma('journal_mode = WAL');
    for (const { sql } of template.lockTables) first.exec(sql);
    insertAll(first, 'onboard_migration_lock', template.locks);
    first.exec('begin immediate');

    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { openRunStore } = await import(${JSON.stringify(OPEN_RUN_STORE)});
         process.stdout.write('opening\\n');
         try { await (await openRunStore(${JSON.stringify(path)})).close(); process.stdout.write('opened\\n'); }
         catch (error) { process.stdout.write(String(error.message) + '\\n'); }`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    const opening = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('opening')) resolve();
      }),
    );
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    await opening;
    // Time for it to read the migrations as pending and reach its first write.
    await new Promise((resolve) => setTimeout(resolve, 700));
    for (const { sql } of template.rest) first.exec(sql);
    insertAll(first, 'onboard_migration', template.migrations);
    first.exec('commit');
    first.close();
    await closed;
    expect(out).toBe('opening\nopened\n');
  }, 30_000);
});

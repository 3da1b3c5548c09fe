import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/connectors/sqlite/open-database.ts';

/**
 * A source connection keeps SQLite's own 2 MiB page cache, not better-sqlite3's build default of
 * 16 MiB: a move holds one connection per partition read side by side, and each filled its cache
 * (docs/benchmarks.md). The figure is read back from SQLite itself.
 */
let dir: string;
let path: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-sqlite-cache-'));
  path = join(dir, 'source.sqlite');
  const db = new Database(path);
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, note TEXT)');
  db.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("a source connection's page cache is 2,000 KiB, below the driver's 16,000 KiB default", () => {
  const plain = new Database(path, { readonly: true });
  const source = openDatabase(path);
  try {
    // -N: N KiB (SQLite's convention for a negative cache_size).
    expect(plain.pragma('cache_size', { simple: true })).toBe(-16000);
    expect(Number(source.pragma('cache_size', { simple: true }))).toBe(-2000);
    expect(source.readonly).toBe(true);
  } finally {
    plain.close();
    source.close();
  }
});

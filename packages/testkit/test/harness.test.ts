import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  describeWithServer,
  REDIS,
  selectDialects,
  useRedisPrefix,
  useTestDatabase,
} from '../src/index.ts';

async function roundTrip(url: string): Promise<unknown> {
  if (url.startsWith('postgres://')) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TABLE probe (id int primary key, note text)');
      await client.query("INSERT INTO probe VALUES (1, 'postgres')");
      return (await client.query('SELECT current_database() AS db, note FROM probe')).rows[0];
    } finally {
      await client.end();
    }
  }
  if (url.startsWith('mysql://')) {
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection({ uri: url });
    try {
      await connection.query('CREATE TABLE probe (id int primary key, note text)');
      await connection.query("INSERT INTO probe VALUES (1, 'mysql')");
      const [rows] = await connection.query('SELECT DATABASE() AS db, note FROM probe');
      return (rows as unknown[])[0];
    } finally {
      await connection.end();
    }
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(url.slice('sqlite:'.length));
  try {
    db.exec("CREATE TABLE probe (id int primary key, note text); INSERT INTO probe VALUES (1, 'sqlite')");
    return db.prepare('SELECT note FROM probe').get();
  } finally {
    db.close();
  }
}

describeEachDialect('test database helper', (target) => {
  const database = useTestDatabase(target, 'harness');

  it('creates a real, empty, uniquely named database on the server', async () => {
    const row = (await roundTrip(database().url)) as { db?: string; note: string };
    expect(row.note).toBe(target.name);
    if (target.name !== 'sqlite') expect(row.db).toBe(database().name);
  });

  it('drops what it created', async () => {
    const extra = await createTestDatabase(target.name, 'dropme');
    await roundTrip(extra.url);
    await extra.drop();
    await expect(roundTrip(extra.url).then(() => 'reachable')).rejects.toThrow();
    await extra.drop();
  });
});

describeWithServer('redis prefix helper', REDIS, () => {
  const redisPrefix = useRedisPrefix('harness', false);
  afterAll(() => redisPrefix.cleanup());

  it('owns its keys and deletes exactly those', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisPrefix.url);
    try {
      await redis.set(`${redisPrefix.prefix}a`, '1');
      await redis.set(`${redisPrefix.prefix}b`, '2');
      await redis.set(`${redisPrefix.prefix.slice(0, -1)}-other`, 'kept');
      await redisPrefix.cleanup();
      expect(await redis.exists(`${redisPrefix.prefix}a`, `${redisPrefix.prefix}b`)).toBe(0);
      expect(await redis.get(`${redisPrefix.prefix.slice(0, -1)}-other`)).toBe('kept');
      await redis.del(`${redisPrefix.prefix.slice(0, -1)}-other`);
    } finally {
      redis.disconnect();
    }
  });
});

describe('unique names', () => {
  it('never repeats', async () => {
    const { uniqueName } = await import('../src/index.ts');
    const names = new Set(Array.from({ length: 1000 }, () => uniqueName('x')));
    expect(names.size).toBe(1000);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('DIALECTS= selects the dialects a run covers', () => {
  const all = [{ name: 'postgres' }, { name: 'mysql' }, { name: 'sqlite' }];

  it('covers every dialect when unset or empty', () => {
    expect(selectDialects(all, undefined)).toEqual(all);
    expect(selectDialects(all, ' ')).toEqual(all);
  });

  it('keeps only the named ones, in the usual order', () => {
    expect(selectDialects(all, 'postgres')).toEqual([{ name: 'postgres' }]);
    expect(selectDialects(all, 'sqlite, postgres')).toEqual([{ name: 'postgres' }, { name: 'sqlite' }]);
  });

  it('refuses a name that is no dialect, naming it and the valid ones', () => {
    expect(() => selectDialects(all, 'postgres,oracle')).toThrow(
      'DIALECTS names no dialect: oracle (the dialects: postgres, mysql, sqlite)',
    );
  });
});

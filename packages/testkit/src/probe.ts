import type { ServerSpec } from './servers.ts';

/** The outcome of probing one server: reachable, or the reason it is not. */
export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Checks that a server accepts a connection and speaks: a real login for PostgreSQL and MySQL,
 * a PING for Redis. Resolves (never rejects) within `timeoutMs`.
 */
export async function probeServer(server: ServerSpec, timeoutMs = 15_000): Promise<ProbeResult> {
  const timeout = new Promise<ProbeResult>((resolve) =>
    setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs).unref(),
  );
  return Promise.race([timeout, login(server).then(ok, fail)]);
}

const ok = (): ProbeResult => ({ ok: true });
const fail = (error: unknown): ProbeResult => ({
  ok: false,
  reason:
    error instanceof Error
      ? `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}`
      : String(error),
});

async function login(server: ServerSpec): Promise<void> {
  switch (server.key) {
    case 'postgres': {
      const { default: pg } = await import('pg');
      const client = new pg.Client({
        connectionString: `${server.url}/postgres`,
        connectionTimeoutMillis: 12_000,
      });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query('SELECT 1');
      } finally {
        await client.end();
      }
      return;
    }
    case 'mysql': {
      const mysql = await import('mysql2/promise');
      const connection = await mysql.createConnection({ uri: server.url, connectTimeout: 12_000 });
      try {
        await connection.query('SELECT 1');
      } finally {
        await connection.end();
      }
      return;
    }
    case 'redis':
      return pingRedis(server.url);
  }
}

async function pingRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

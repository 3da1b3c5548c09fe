import { afterAll } from 'vitest';
import { REDIS } from './servers.ts';
import { uniqueName } from './unique-name.ts';

/** A Redis key prefix owned by one test file; `cleanup()` deletes every key under it. */
export interface RedisPrefix {
  readonly url: string;
  /** Ends with `:`; use it as the BullMQ `prefix` or in front of every key. */
  readonly prefix: string;
  cleanup(): Promise<void>;
}

/** A fresh prefix; pass `autoCleanup: false` to manage its lifetime yourself. */
export function useRedisPrefix(hint = 'r', autoCleanup = true): RedisPrefix {
  const prefix = `${uniqueName(hint)}:`;
  const handle: RedisPrefix = { url: REDIS.url, prefix, cleanup: () => deleteKeys(REDIS.url, prefix) };
  if (autoCleanup) afterAll(() => handle.cleanup());
  return handle;
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

import { Redis } from 'ioredis';

/** Where the task queues live: one Redis, one key prefix for every queue of the deployment. */
export interface QueueSettings {
  /** `redis://[:password@]host:port[/db]`; the password is never printed. */
  readonly redisUrl: string;
  /** BullMQ key prefix; every key the queues use starts with it. Default `onboard`. */
  readonly prefix: string;
}

/**
 * A Redis connection as BullMQ wants it (`maxRetriesPerRequest: null`: commands wait for a
 * reconnect instead of failing, so a restarting Redis pauses the queues instead of failing tasks).
 */
export function redisConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  // Reconnects are ioredis's job; an unhandled 'error' event would crash the process meanwhile.
  redis.on('error', () => {});
  return redis;
}

/** The Redis set, under the prefix, that lists every tenant queue ever used (workers watch it). */
export function tenantRegistryKey(settings: QueueSettings): string {
  return `${settings.prefix}:onboard-tenant-queues`;
}

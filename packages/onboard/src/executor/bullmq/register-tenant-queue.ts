import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type QueueSettings, tenantRegistryKey } from './queue-settings.ts';

/**
 * Lists a tenant's queue where workers look for queues, and sets the tenant's limit: at most
 * `concurrency` of its tasks active at once over every worker (BullMQ's global concurrency,
 * enforced in Redis when a worker takes a job, so no worker can exceed it).
 */
export async function registerTenantQueue(
  redis: Redis,
  settings: QueueSettings,
  queue: Queue,
  concurrency: number,
): Promise<void> {
  await redis.sadd(tenantRegistryKey(settings), queue.name);
  await queue.setGlobalConcurrency(concurrency);
}

import { Queue } from 'bullmq';
import type { TaskJobData } from '../../../src/executor/bullmq/task-job.ts';
import { taskJobId } from '../../../src/executor/bullmq/task-job.ts';
import { tenantQueueName } from '../../../src/executor/bullmq/tenant-queue.ts';

/**
 * Adds a second job carrying the task of job `runId.taskId` (its data as the coordinator enqueued
 * it, under another job id): the queue delivering one task twice. With `first`, the job goes to the
 * front of the queue (taken before the jobs waiting). Returns the new job's id.
 */
export async function addDuplicateJob(
  redisUrl: string,
  prefix: string,
  tenant: string,
  runId: string,
  taskId: string,
  tag: string,
  first = false,
): Promise<string> {
  const queue = new Queue<TaskJobData>(tenantQueueName(tenant), { connection: { url: redisUrl }, prefix });
  try {
    const original = await queue.getJob(taskJobId({ runId, taskId }));
    if (original === undefined)
      throw new Error(`no job for task ${taskId} of run ${runId} in queue ${queue.name}`);
    const id = `${taskJobId({ runId, taskId })}.again-${tag}`;
    await queue.add(original.name, original.data, {
      jobId: id,
      attempts: 3,
      backoff: { type: 'exponential', delay: 500 },
      lifo: first,
    });
    return id;
  } finally {
    await queue.close();
  }
}

/** Waits until the tenant's queue has no job waiting, delayed or running (every delivery ended). */
export async function queueSettled(
  redisUrl: string,
  prefix: string,
  tenant: string,
  timeoutMs: number,
): Promise<void> {
  const queue = new Queue<TaskJobData>(tenantQueueName(tenant), { connection: { url: redisUrl }, prefix });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      if (Date.now() > deadline)
        throw new Error(
          `queue ${queue.name} still holds jobs after ${timeoutMs} ms: ${JSON.stringify(counts)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
  }
}

import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Snapshotting } from '../../connectors/connector.ts';
import type { PartitionTask } from '../../planner/partition-task.ts';
import type { BatchResult, TaskRecord } from '../../store/run-records.ts';
import type { RunStore } from '../../store/run-store.ts';
import type { ExecutionResult, Executor } from '../executor.ts';
import { BatchFeed } from './batch-feed.ts';
import type { QueueSettings } from './queue-settings.ts';
import { redisConnection } from './queue-settings.ts';
import { registerTenantQueue } from './register-tenant-queue.ts';
import { TakenOverTasks } from './taken-over-tasks.ts';
import type { TaskJobData } from './task-job.ts';
import { taskJobId } from './task-job.ts';
import { tenantQueueName } from './tenant-queue.ts';

export interface BullmqExecutorOptions {
  readonly queue: QueueSettings;
  /** The run store shared with the workers: the one truth about which task is done. */
  readonly store: RunStore;
  /** The tenant's key (`tenantKey`); its tasks go to its own queue. */
  readonly tenant: string;
  /** At most this many of the tenant's tasks run at once, over every worker. */
  readonly tenantConcurrency: number;
  /** The run's sealed secrets for the workers, or null (workers use their own environment). */
  readonly sealed: string | null;
  /** Tries per task before the run fails (stalls do not count). Default 3. */
  readonly attempts?: number;
  /** How often the store and the queue are looked at, in ms. Default 500. */
  readonly pollMs?: number;
  /**
   * After this many ms with tasks waiting in the queue and none taken by a worker (none active,
   * none done), a note says that no worker seems to consume the queue; again after as long each
   * time. Default 5000.
   */
  readonly idleNoteMs?: number;
  /**
   * A task whose job has completed but which another delivery is still running (its attempt took
   * the task over) is left to that delivery; only when the task's attempt and checkpoint stay
   * unchanged this long (ms) is it enqueued again, in case that delivery was lost. Default 300000.
   */
  readonly takenOverMs?: number;
  /** Told about notable events (a task re-enqueued after Redis lost it...). */
  readonly onNote?: (message: string) => void;
  /**
   * Told about each batch the workers record, read from the store at every look (so the
   * coordinator's progress display shows what an in-process run's would); once per batch. Without
   * it, a note tells the tasks done every 5 s.
   */
  readonly onBatch?: (batch: BatchResult) => void;
  /**
   * The source's snapshots, when it has them: the coordinator exports one before enqueuing, holds
   * it open until the run's tasks end, and puts its id in every job, so workers read one state.
   */
  readonly snapshots?: Snapshotting;
}

type Failure = { taskId: string; error: string };

/**
 * Runs a run's tasks on `onboard worker` processes through BullMQ: phase by phase, it enqueues the
 * phase's tasks in the tenant's queue (largest first, one job id per task so enqueuing twice is
 * harmless) and follows them in the run store until all are done or one has failed for good.
 * The queue only delivers work: a task that Redis lost (restart without persistence) is simply
 * enqueued again, and a coordinator started again follows the same jobs.
 */
export class BullmqExecutor implements Executor {
  readonly #options: BullmqExecutorOptions;

  constructor(options: BullmqExecutorOptions) {
    if (!Number.isInteger(options.tenantConcurrency) || options.tenantConcurrency < 1)
      throw new RangeError(`the tenant concurrency must be >= 1, got ${options.tenantConcurrency}`);
    this.#options = options;
  }

  async execute(tasks: readonly PartitionTask[], signal: AbortSignal): Promise<ExecutionResult> {
    const redis = redisConnection(this.#options.queue.redisUrl);
    const queue = new Queue<TaskJobData>(tenantQueueName(this.#options.tenant), {
      connection: redis,
      prefix: this.#options.queue.prefix,
    });
    queue.on('error', () => {});
    const failed: Failure[] = [];
    const snapshot = tasks.length === 0 ? undefined : await this.#exportSnapshot();
    const runId = tasks[0]?.runId;
    const onBatch = this.#options.onBatch;
    const feed =
      runId === undefined || onBatch === undefined
        ? undefined
        : new BatchFeed(this.#options.store, runId, onBatch);
    try {
      feed?.start(await this.#records(runId));
      await this.#register(redis, queue);
      const phases = [...new Set(tasks.map((t) => t.phase))].sort((a, b) => a - b);
      for (const phase of phases) {
        if (signal.aborted) break;
        const phaseTasks = tasks
          .filter((t) => t.phase === phase)
          .sort((a, b) => (b.estimatedRows ?? 0) - (a.estimatedRows ?? 0));
        await this.#enqueue(queue, phaseTasks, snapshot);
        this.#options.onNote?.(`phase ${phase}: ${phaseTasks.length} task(s) in queue ${queue.name}`);
        failed.push(
          ...(await this.#follow(
            queue,
            phaseTasks,
            signal,
            feed,
            () => this.#register(redis, queue),
            snapshot,
          )),
        );
        if (failed.length > 0) break;
      }
      if (signal.aborted) await this.#withdraw(queue, tasks);
      const records = await this.#records(runId);
      // The batches recorded since the last look (the tasks that ended it, or were still running).
      await feed?.look(records).catch(() => {});
      const status = new Map(records.map((r) => [r.taskId, r.status]));
      const done = tasks.filter((t) => status.get(t.taskId) === 'done').length;
      return { done, failed, aborted: signal.aborted };
    } finally {
      if (snapshot !== undefined) await this.#options.snapshots?.releaseSnapshot(snapshot).catch(() => {});
      await queue.close().catch(() => {});
      redis.disconnect();
    }
  }

  /** One snapshot of the source for every task of this execution, or none (with a note why). */
  async #exportSnapshot(): Promise<string | undefined> {
    return this.#options.snapshots?.exportSnapshot().catch((error: unknown) => {
      this.#options.onNote?.(
        `no consistent snapshot of the source (${messageOf(error)}); partitions read the latest state`,
      );
      return undefined;
    });
  }

  /** Lists the tenant queue for the workers and sets its limit (again after Redis lost its data). */
  #register(redis: Redis, queue: Queue<TaskJobData>): Promise<void> {
    return registerTenantQueue(redis, this.#options.queue, queue, this.#options.tenantConcurrency);
  }

  #jobOptions(task: PartitionTask): JobsOptions {
    return {
      jobId: taskJobId(task),
      attempts: this.#options.attempts ?? 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  #data(task: PartitionTask, snapshot: string | undefined): TaskJobData {
    return {
      task,
      tenant: this.#options.tenant,
      sealed: this.#options.sealed,
      ...(snapshot === undefined ? {} : { snapshot }),
    };
  }

  /** Adds the tasks that have no live job; a job that failed for good (an earlier attempt of the run) is replaced. */
  async #enqueue(
    queue: Queue<TaskJobData>,
    tasks: readonly PartitionTask[],
    snapshot: string | undefined,
  ): Promise<void> {
    const states = await Promise.all(tasks.map((t) => queue.getJobState(taskJobId(t))));
    const add: PartitionTask[] = [];
    for (const [i, task] of tasks.entries()) {
      const state = states[i];
      if (state === 'failed') await queue.remove(taskJobId(task));
      if (state === 'failed' || state === 'unknown') add.push(task);
      if (snapshot !== undefined && (state === 'waiting' || state === 'prioritized' || state === 'delayed'))
        await this.#renewSnapshot(queue, task, snapshot);
    }
    if (add.length > 0)
      await queue.addBulk(
        add.map((t) => ({ name: t.entity, data: this.#data(t, snapshot), opts: this.#jobOptions(t) })),
      );
  }

  /**
   * A job still waiting from an earlier coordinator of the run carries that coordinator's snapshot,
   * gone if it stopped: it is given this one's, so it reads the same state as the tasks enqueued
   * now. (A worker taking it meanwhile reads the old one, or falls back if it is gone.)
   */
  async #renewSnapshot(queue: Queue<TaskJobData>, task: PartitionTask, snapshot: string): Promise<void> {
    const job = await queue.getJob(taskJobId(task));
    if (job === undefined || job.data.snapshot === snapshot) return;
    await job.updateData({ ...job.data, snapshot }).catch(() => {});
  }

  /** Waits until every task is done in the store, one failed for good, or the signal aborts. */
  async #follow(
    queue: Queue<TaskJobData>,
    tasks: readonly PartitionTask[],
    signal: AbortSignal,
    feed: BatchFeed | undefined,
    register: () => Promise<void>,
    snapshot: string | undefined,
  ): Promise<Failure[]> {
    const completedUnrecorded = new Map<string, number>();
    const patienceMs = this.#options.takenOverMs ?? 300_000;
    const takenOver = new TakenOverTasks(patienceMs);
    let reported = { done: 0, at: performance.now() };
    const idleNoteMs = this.#options.idleNoteMs ?? 5000;
    /** The last look at which a worker was seen at work (a task active or newly done). */
    let busy = { done: -1, at: performance.now() };
    for (;;) {
      await sleep(this.#options.pollMs ?? 500, signal);
      if (signal.aborted) return [];
      let byTask: Map<string, TaskRecord>;
      try {
        const records = await this.#records(tasks[0]?.runId);
        await feed?.look(records);
        byTask = new Map(records.map((r) => [r.taskId, r]));
      } catch (error) {
        this.#options.onNote?.(`cannot read the run store, trying again: ${messageOf(error)}`);
        continue;
      }
      const remaining = tasks.filter((t) => byTask.get(t.taskId)?.status !== 'done');
      if (remaining.length === 0) return [];
      const done = tasks.length - remaining.length;
      if (feed === undefined && done !== reported.done && performance.now() - reported.at >= 5000) {
        reported = { done, at: performance.now() };
        this.#options.onNote?.(`${done} of ${tasks.length} task(s) of the phase done`);
      }
      const states = await Promise.all(remaining.map((t) => queue.getJobState(taskJobId(t))));
      if (done !== busy.done || states.includes('active')) busy = { done, at: performance.now() };
      else if (performance.now() - busy.at >= idleNoteMs) {
        busy = { done, at: performance.now() };
        this.#options.onNote?.(
          `no worker has taken a task from queue ${queue.name} (Redis key prefix "${this.#options.queue.prefix}") in ${Math.round(idleNoteMs / 1000)} s: ` +
            'is an `onboard worker` running with the same --redis and --queue-prefix? Waiting for one (Ctrl-C stops; `onboard resume` continues later)',
        );
      }
      const failures: Failure[] = [];
      const lost: PartitionTask[] = [];
      const watched = new Set<string>();
      for (const [i, task] of remaining.entries()) {
        const state = states[i];
        if (state === 'failed') {
          const job = await queue.getJob(taskJobId(task));
          failures.push({ taskId: task.taskId, error: job?.failedReason ?? 'failed on a worker' });
        } else if (state === 'unknown') {
          lost.push(task);
        } else if (state === 'completed') {
          // The worker records "done" before completing the job. A completed job whose task is
          // running was ended by an attempt that another delivery of the task (a second job)
          // took over: that one goes on, and queuing the task again would take it from it.
          const record = byTask.get(task.taskId);
          if (record?.status === 'running') {
            completedUnrecorded.delete(task.taskId);
            watched.add(task.taskId);
            // Unless it has not moved for so long that the delivery running it seems lost.
            if (takenOver.stuck(record)) {
              this.#options.onNote?.(
                `task ${task.taskId}: its job ended, and the other delivery running it has not moved in ${Math.round(patienceMs / 1000)} s: enqueued again`,
              );
              await queue.remove(taskJobId(task));
              lost.push(task);
            }
            continue;
          }
          // Not running, and still not done a few looks later: completed by something else: run
          // it again.
          const seen = (completedUnrecorded.get(task.taskId) ?? 0) + 1;
          completedUnrecorded.set(task.taskId, seen);
          if (seen >= 3) {
            await queue.remove(taskJobId(task));
            lost.push(task);
          }
        }
      }
      takenOver.keepOnly(watched);
      if (failures.length > 0) return failures;
      if (lost.length > 0) {
        this.#options.onNote?.(
          `${lost.length} task(s) missing from the queue (Redis restarted?): enqueued again`,
        );
        await register();
        await this.#enqueue(queue, lost, snapshot);
      }
    }
  }

  /** Takes the run's waiting jobs off the queue (active ones finish on their workers). */
  async #withdraw(queue: Queue<TaskJobData>, tasks: readonly PartitionTask[]): Promise<void> {
    await Promise.all(tasks.map((t) => queue.remove(taskJobId(t)).catch(() => 0)));
  }

  async #records(runId: string | undefined): Promise<TaskRecord[]> {
    return runId === undefined ? [] : this.#options.store.listTasks(runId);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

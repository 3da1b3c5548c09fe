import { type Job, Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { SnapshotGoneError } from '../connectors/snapshot-gone-error.ts';
import { isTransient } from '../errors/kind-of.ts';
import { redisConnection, tenantRegistryKey } from '../executor/bullmq/queue-settings.ts';
import type { TaskJobData } from '../executor/bullmq/task-job.ts';
import type { ResourceCounts } from '../executor/coordinate-task-resources.ts';
import { runPartitionTask, type TaskSummary } from '../executor/run-partition-task.ts';
import { throttledRetries, waitingLine } from '../loader/with-retry.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import { LostSnapshots } from './lost-snapshots.ts';
import { TenantResources } from './tenant-resources.ts';
import { withSnapshot } from './with-snapshot.ts';
import { DEFAULT_IDLE_CLOSE_MS } from './worker-defaults.ts';
import type { WorkerEventSink } from './worker-events.ts';
import { WorkerMetrics } from './worker-metrics.ts';
import type { WorkerOptions } from './worker-options.ts';

interface Watched {
  readonly queue: Queue<TaskJobData>;
  readonly worker: Worker<TaskJobData>;
  readonly connection: Redis;
}

const STATES = ['waiting', 'prioritized', 'active', 'delayed'] as const;

/**
 * Runs partition tasks from every tenant queue listed in Redis, each with `runPartitionTask` (the
 * same code as the in-process executor). One BullMQ worker per tenant queue; the process's
 * `concurrency` is shared out equally between the tenants that have work, and each tenant's own
 * limit over all workers is enforced by its queue. A crashed worker's jobs are taken over by the
 * others once their lock expires (BullMQ's stalled-job check).
 */
export class TaskWorker {
  readonly metrics: WorkerMetrics;
  readonly #options: WorkerOptions;
  readonly #emit: WorkerEventSink;
  readonly #redis: Redis;
  readonly #resources: TenantResources;
  readonly #watched = new Map<string, Watched>();
  readonly #tenantOfRun = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #handingBack = false;
  #handedBack = 0;
  #active = 0;
  #closing = false;
  readonly #lostSnapshots = new LostSnapshots();

  constructor(options: WorkerOptions, emit: WorkerEventSink) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new RangeError(`--concurrency must be a positive integer, got ${options.concurrency}`);
    this.#options = options;
    this.#emit = emit;
    this.#redis = redisConnection(options.queue.redisUrl);
    this.metrics = new WorkerMetrics(() => this.#depth());
    this.#resources = new TenantResources({
      ...(options.secretKey === undefined ? {} : { secretKey: options.secretKey }),
      ...(options.fallbackToken === undefined ? {} : { fallbackToken: options.fallbackToken }),
      ...(options.coreConcurrency === undefined ? {} : { coreConcurrency: options.coreConcurrency }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      onRetry: throttledRetries((info) =>
        this.#emit({ event: 'core.waiting', message: waitingLine(info), ...info }),
      ),
      onBatch: (task, batch) => {
        const tenant = this.#tenantOfRun.get(task.runId) ?? '?';
        this.metrics.rows.inc({ tenant, entity: batch.entity }, batch.rowsRead);
        this.metrics.batches.inc({ tenant });
      },
    });
  }

  /** Starts watching the tenant queues; resolves once the queues known now are being served. */
  async start(): Promise<void> {
    await this.#refresh();
    this.#timer = setInterval(() => {
      this.#refresh().catch(() => {});
    }, this.#options.watchMs ?? 1000);
    const idleMs = this.#options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS;
    if (idleMs > 0) {
      this.#idleTimer = setInterval(
        () => this.#closeIdle(idleMs),
        Math.min(Math.max(idleMs / 4, 50), 10_000),
      );
      this.#idleTimer.unref();
    }
    this.#emit({ event: 'worker.ready', pid: process.pid, concurrency: this.#options.concurrency });
  }

  /**
   * Stops taking jobs and waits up to `graceMs` for the tasks running to finish; the ones still
   * running then are stopped after their batches in flight and handed back to their queue, where
   * another worker continues them from their checkpoints.
   */
  async stop(signalName: string, graceMs: number): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    clearInterval(this.#idleTimer);
    this.#emit({ event: 'worker.stopping', signal: signalName, active: this.#active });
    const workers = [...this.#watched.values()].map((w) => w.worker);
    const closing = Promise.all(workers.map((w) => w.close()));
    const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
    if ((await Promise.race([closing, grace])) === 'late') {
      this.#handingBack = true;
      for (const worker of workers) worker.cancelAllJobs('the worker is stopping');
      await closing;
    }
    await this.#resources.close();
    for (const { queue, connection } of this.#watched.values()) {
      await queue.close().catch(() => {});
      connection.disconnect();
    }
    this.#redis.disconnect();
    this.#emit({ event: 'worker.stopped', handedBack: this.#handedBack });
  }

  /** What the worker's tenants hold open now, and have opened and closed so far. */
  resourceCounts(): ResourceCounts {
    return this.#resources.counts();
  }

  #closeIdle(idleMs: number): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#resources
      .closeIdle(idleMs)
      .then(
        (closed) => {
          if (closed > 0 && !this.#stopping)
            this.#emit({ event: 'resources.closed', closed, open: this.#resources.counts().open });
        },
        () => {},
      )
      .finally(() => {
        this.#closing = false;
      });
  }

  async #refresh(): Promise<void> {
    const names = await this.#redis.smembers(tenantRegistryKey(this.#options.queue));
    if (this.#stopping) return;
    for (const name of names.sort()) if (!this.#watched.has(name)) this.#watch(name);
    const busy = new Set<string>();
    await Promise.all(
      [...this.#watched].map(async ([name, { queue }]) => {
        const counts = await queue.getJobCounts(...STATES);
        if (Object.values(counts).some((n) => n > 0)) busy.add(name);
      }),
    );
    const share = Math.max(1, Math.floor(this.#options.concurrency / Math.max(1, busy.size)));
    for (const [name, { worker }] of this.#watched) {
      const wanted = busy.has(name) ? share : 1;
      if (worker.concurrency !== wanted) worker.concurrency = wanted;
    }
  }

  #watch(name: string): void {
    const { prefix, redisUrl } = this.#options.queue;
    const connection = redisConnection(redisUrl);
    const queue = new Queue<TaskJobData>(name, { connection: this.#redis, prefix });
    const worker = new Worker<TaskJobData, TaskSummary>(
      name,
      (job, token, signal) => this.#process(job, token, signal),
      {
        connection,
        prefix,
        concurrency: 1,
        lockDuration: this.#options.lockMs ?? 30_000,
        stalledInterval: this.#options.stalledMs ?? 15_000,
        maxStalledCount: 5,
      },
    );
    queue.on('error', () => {});
    worker.on('error', () => {});
    this.#watched.set(name, { queue, worker, connection });
    this.#emit({ event: 'queue.watch', queue: name });
  }

  async #process(
    job: Job<TaskJobData>,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<TaskSummary> {
    const { tenant } = job.data;
    const task: PartitionTask = {
      ...job.data.task,
      coordinates: { ...job.data.task.coordinates, store: this.#options.storeUrl },
    };
    this.#tenantOfRun.set(task.runId, tenant);
    const ids = { tenant, runId: task.runId, taskId: task.taskId, attempt: job.attemptsStarted };
    this.#emit({ event: 'task.start', ...ids });
    this.#active += 1;
    this.metrics.active.set(this.#active);
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let release = () => {};
    /** Whether this attempt ended as the task's own (done, failed, handed back): only those are counted. */
    let counted = true;
    try {
      const resources = this.#resources.for(job.data);
      release = resources.hold(task);
      const aborting = signal ?? new AbortController().signal;
      const snapshot = this.#lostSnapshots.usable(job.data.snapshot);
      let summary: TaskSummary;
      try {
        summary = await runPartitionTask(
          task,
          snapshot === undefined ? resources : withSnapshot(resources, snapshot),
          aborting,
        );
      } catch (error) {
        if (snapshot === undefined || !(error instanceof SnapshotGoneError) || aborting.aborted) throw error;
        // The coordinator that held the run's snapshot stopped: read the latest state, as a run
        // without snapshots does, and say so once.
        if (this.#lostSnapshots.add(snapshot))
          this.#emit({ event: 'snapshot.lost', ...ids, error: `${error.name}: ${error.message}` });
        summary = await runPartitionTask(task, resources, aborting);
      }
      if (summary.outcome !== 'done') {
        // Another delivery owns the task, or finished it: this attempt's end is not the task's, and
        // is neither reported as one nor counted (that one reports and counts it, once).
        counted = false;
        this.#emit({ event: 'task.superseded', ...ids, ms: ms(), reason: summary.outcome });
        return summary;
      }
      this.#emit({ event: 'task.done', ...ids, ms: ms(), rows: summary.rowsRead });
      this.metrics.tasks.inc({ tenant, outcome: 'done' });
      return summary;
    } catch (error) {
      if (this.#handingBack && signal?.aborted) {
        await job.moveToWait(token);
        this.#handedBack += 1;
        this.metrics.tasks.inc({ tenant, outcome: 'handed_back' });
        this.#emit({ event: 'task.handed-back', ...ids, ms: ms() });
        throw new WaitingError();
      }
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.metrics.tasks.inc({ tenant, outcome: 'failed' });
      this.#emit({ event: 'task.failed', ...ids, ms: ms(), error: message });
      // Only a transient failure may go away on another try: fail the job now for any other kind
      // (a bad token or mapping, a 4xx from core, a defect) instead of after every attempt.
      if (!isTransient(error)) throw new UnrecoverableError(message);
      throw error;
    } finally {
      release();
      this.#active -= 1;
      this.metrics.active.set(this.#active);
      if (counted) this.metrics.taskSeconds.observe({ tenant }, (performance.now() - started) / 1000);
    }
  }

  async #depth(): Promise<{ queue: string; state: string; count: number }[]> {
    const rows: { queue: string; state: string; count: number }[] = [];
    for (const [name, { queue }] of this.#watched) {
      const counts = await queue.getJobCounts(...STATES, 'failed');
      for (const [state, count] of Object.entries(counts)) rows.push({ queue: name, state, count });
    }
    return rows;
  }
}

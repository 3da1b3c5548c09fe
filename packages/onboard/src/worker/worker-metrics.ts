import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A worker's Prometheus metrics. Queue depth is read from Redis when scraped. */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly tasks = new Counter({
    name: 'onboard_worker_tasks_total',
    help: 'Partition tasks ended by this worker, by outcome (done, failed, handed_back)',
    labelNames: ['tenant', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly taskSeconds = new Histogram({
    name: 'onboard_worker_task_duration_seconds',
    help: 'Time to run one partition task (one attempt)',
    labelNames: ['tenant'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  readonly rows = new Counter({
    name: 'onboard_worker_rows_total',
    help: 'Source rows read and recorded (records/s: rate of this)',
    labelNames: ['tenant', 'entity'] as const,
    registers: [this.registry],
  });
  readonly batches = new Counter({
    name: 'onboard_worker_batches_total',
    help: 'Batches loaded into core and recorded',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });
  readonly active = new Gauge({
    name: 'onboard_worker_active_tasks',
    help: 'Tasks running in this worker now',
    registers: [this.registry],
  });

  /** Adds `onboard_queue_jobs{queue,state}`, filled from `depth()` at each scrape. */
  constructor(depth?: () => Promise<readonly { queue: string; state: string; count: number }[]>) {
    if (depth === undefined) return;
    new Gauge({
      name: 'onboard_queue_jobs',
      help: 'Jobs per tenant queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { queue, state, count } of await depth().catch(() => []))
          this.set({ queue, state }, count);
      },
    });
  }
}

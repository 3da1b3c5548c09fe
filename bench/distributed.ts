// Scale-out: Vendor X from PostgreSQL into PostgreSQL tenants through `onboard run`, in-process
// against `--executor bullmq` with 1, 2 and 4 `onboard worker` processes on this machine, plus the
// cost of the queue itself per task (a no-op job through BullMQ on the same Redis).
// `node bench/distributed.ts [--rows N] [--workers 1,2,4]`
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REDIS, uniqueName } from '@madeup/testkit';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { VENDOR_X_MAPPING } from '../examples/vendor-x/index.ts';
import {
  benchRows,
  formatNumber,
  formatRate,
  formatSeconds,
  markdownTable,
  printSection,
  progress,
  runBenchmark,
  runOnboard,
  withCore,
  withDatabase,
  withVendorX,
} from './lib/index.ts';

const ONBOARD = join(import.meta.dirname, '../packages/onboard/bin/onboard.js');
const SLOTS = 4;
const SECRET_KEY = 'bench-secret-key-0123456789';

interface Figures {
  readonly label: string;
  readonly seconds: number;
  readonly tasks: number;
  /** Mean time a worker spent in one task (distributed runs only). */
  readonly meanTaskMs: number | null;
  /** (wall × task slots − task time) / tasks: slot time per task not spent running it. */
  readonly idlePerTaskMs: number | null;
}

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    workers: { type: 'string', default: '1,2,4' },
    'tenant-limit': { type: 'string', default: String(SLOTS) },
  },
});
const rows = values.rows === undefined ? benchRows(1_000_000, 20_000) : Number(values.rows);
const workerCounts = values.workers.split(',').map(Number);
/** The tenant's tasks at once over all workers: by default the in-process pool's size, so core sees the same load. */
const tenantLimit = Number(values['tenant-limit']);

/** Starts `onboard worker` processes and collects their task events. */
function startWorkers(count: number, args: readonly string[]) {
  const done: number[] = [];
  const children: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [ONBOARD, 'worker', ...args], {
      env: { ...process.env, ONBOARD_SECRET_KEY: SECRET_KEY },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let buffer = '';
    ready.push(
      new Promise((resolve) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            const event = JSON.parse(line) as { event: string; ms?: number };
            if (event.event === 'worker.ready') resolve();
            if (event.event === 'task.done' && event.ms !== undefined) done.push(event.ms);
          }
        });
      }),
    );
  }
  return {
    taskMs: done,
    ready: Promise.all(ready),
    async stop() {
      const exits = children.map((c) =>
        c.exitCode === null ? new Promise((resolve) => c.once('exit', resolve)) : Promise.resolve(),
      );
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(exits);
    },
  };
}

/** A no-op job through BullMQ: the round trip of one job alone, and the cost per job in a stream of them. */
async function queueOverhead(prefix: string): Promise<{ latencyMs: number; perJobMs: number }> {
  const connection = new Redis(REDIS.url, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection, prefix });
  const events = new QueueEvents('noop', {
    connection: { host: new URL(REDIS.url).hostname, port: Number(new URL(REDIS.url).port || 6379) },
    prefix,
  });
  // BullMQ never closes a connection it is given: the worker's is ended below, or the process
  // would stay alive after its figures are printed.
  const workerConnection = new Redis(REDIS.url, { maxRetriesPerRequest: null });
  const worker = new Worker('noop', async () => 'ok', {
    connection: workerConnection,
    prefix,
    concurrency: 1,
  });
  try {
    await events.waitUntilReady();
    const single = 50;
    let started = performance.now();
    for (let i = 0; i < single; i++) await (await queue.add('noop', { i })).waitUntilFinished(events);
    const latencyMs = (performance.now() - started) / single;
    const stream = 500;
    // Each job waited for adds a listener to the queue for a moment: 500 at once are expected.
    queue.setMaxListeners(stream + 10);
    started = performance.now();
    const jobs = await queue.addBulk(
      Array.from({ length: stream }, (_, i) => ({ name: 'noop', data: { i } })),
    );
    await Promise.all(jobs.map((job) => job.waitUntilFinished(events)));
    return { latencyMs, perJobMs: (performance.now() - started) / stream };
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    workerConnection.disconnect();
  }
}

async function cleanup(prefix: string): Promise<void> {
  const redis = new Redis(REDIS.url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

await runBenchmark(async () => {
  const prefix = `${uniqueName('benchq')}:`;
  try {
    await withCore((bench) =>
      withVendorX('postgres', rows, (source) =>
        withDatabase('postgres', 'diststore', async (store) => {
          const results: Figures[] = [];
          const common = [
            '--mapping',
            VENDOR_X_MAPPING,
            '--source',
            source.url,
            '--core',
            bench.core.url,
            '--store',
            store.url,
            '--concurrency',
            String(SLOTS),
            '--json',
          ];
          const countTasks = async () => {
            const runs = JSON.parse(
              (await runOnboard(['runs', '--store', store.url, '--json', '--limit', '1'])).stdout,
            ) as { id: string }[];
            const status = JSON.parse(
              (await runOnboard(['status', runs[0]?.id ?? '', '--store', store.url, '--json'])).stdout,
            ) as {
              tasks: { done: number };
              status: string;
            };
            if (status.status !== 'succeeded') throw new Error(`the run ended ${status.status}`);
            return status.tasks.done;
          };

          const tenant = await bench.core.createTenant('dist-inproc', 'postgres');
          progress(`in-process: ${formatNumber(rows)} rows, ${SLOTS} tasks at once`);
          const inProcess = await runOnboard(['run', ...common], { ONBOARD_TOKEN: tenant.token });
          if (inProcess.exitCode !== 0) throw new Error(`onboard run exited with ${inProcess.exitCode}`);
          results.push({
            label: 'in-process',
            seconds: inProcess.seconds,
            tasks: await countTasks(),
            meanTaskMs: null,
            idlePerTaskMs: null,
          });

          for (const count of workerCounts) {
            const queuePrefix = `${prefix}w${count}`;
            const workers = startWorkers(count, [
              '--redis',
              REDIS.url,
              '--store',
              store.url,
              '--queue-prefix',
              queuePrefix,
              '--concurrency',
              String(SLOTS),
            ]);
            try {
              await workers.ready;
              const t = await bench.core.createTenant(`dist-w${count}`, 'postgres');
              progress(`bullmq: ${count} worker process(es) × ${SLOTS} tasks`);
              const run = await runOnboard(
                [
                  'run',
                  ...common,
                  '--executor',
                  'bullmq',
                  '--redis',
                  REDIS.url,
                  '--queue-prefix',
                  queuePrefix,
                  '--tenant-concurrency',
                  String(tenantLimit),
                ],
                { ONBOARD_TOKEN: t.token, ONBOARD_SECRET_KEY: SECRET_KEY },
              );
              if (run.exitCode !== 0)
                throw new Error(
                  `onboard run --executor bullmq exited with ${run.exitCode}: ${run.stdout.slice(-1500)}`,
                );
              const tasks = await countTasks();
              const busyMs = workers.taskMs.reduce((a, b) => a + b, 0);
              results.push({
                label: `bullmq, ${count} worker${count > 1 ? 's' : ''}`,
                seconds: run.seconds,
                tasks,
                meanTaskMs: busyMs / Math.max(1, workers.taskMs.length),
                idlePerTaskMs:
                  (run.seconds * 1000 * Math.min(tenantLimit, SLOTS * count) - busyMs) / Math.max(1, tasks),
              });
            } finally {
              await workers.stop();
            }
          }
          progress('queue overhead: no-op jobs through BullMQ');
          const overhead = await queueOverhead(`${prefix}noop`);
          const base = results[0] as Figures;
          printSection(
            `Scale-out: Vendor X on BullMQ workers (${formatNumber(rows)} rows)`,
            `\`onboard run\` (wall time of the coordinator process, planning and reconciliation included) from a PostgreSQL source into a fresh PostgreSQL tenant each time, core embedded in the benchmark process, run store on PostgreSQL, Redis local. Every worker may run ${SLOTS} tasks at once and the tenant's limit over all workers is ${tenantLimit} (the in-process pool runs ${SLOTS}), so core sees the same load and the difference is the distribution. All processes share this machine's cores. Idle slot time per task: (wall time × task slots − time in tasks) / tasks, i.e. start-up, planning, phase barriers, queue and polling.`,
            markdownTable(
              ['executor', 'tasks', 'time', 'rate', 'vs in-process', 'mean task', 'idle slot time per task'],
              results.map((r) => [
                r.label,
                r.tasks,
                formatSeconds(r.seconds),
                formatRate(rows / r.seconds),
                `${(base.seconds / r.seconds).toFixed(2)}×`,
                r.meanTaskMs === null ? '-' : `${formatNumber(r.meanTaskMs)} ms`,
                r.idlePerTaskMs === null ? '-' : `${formatNumber(r.idlePerTaskMs)} ms`,
              ]),
              ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
            ),
            `The queue itself, no-op jobs on the same Redis: one job alone, add to completion seen by the producer, ${overhead.latencyMs.toFixed(2)} ms; a stream of 500 through one worker slot, ${overhead.perJobMs.toFixed(2)} ms per job. The executor also looks at the store every 500 ms, so each phase ends up to 0.5 s after its last task.`,
          );
        }),
      ),
    );
  } finally {
    await cleanup(prefix);
  }
});

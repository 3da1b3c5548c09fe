import { describeWithServer, POSTGRES, REDIS, useRedisPrefix } from '@madeup/testkit';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { taskJobId } from '../../src/executor/bullmq/task-job.ts';
import { tenantKey, tenantQueueName } from '../../src/executor/bullmq/tenant-queue.ts';
import type { EntityTotals } from '../../src/store/run-records.ts';
import { outcome } from '../pipeline/pipeline-support.ts';
import { consoleRows } from './console-rows.ts';
import { batchSums, type ProgressEvent, progressEvents, runIdOf, runOnboardCommand } from './coordinator.ts';
import { sourceRows } from './delivery/source-rows.ts';
import { SECRET_KEY, useDistributedWorld } from './distributed-setup.ts';
import {
  attemptsOf,
  holdingMidTask,
  peakConcurrency,
  phaseWithWaitingTask,
  taskStateOf,
} from './mid-task.ts';
import { startPrivateRedis } from './private-redis.ts';
import { killAll, startWorker, type WorkerProcess } from './worker-process.ts';

const ROWS = 2000;

describeWithServer('distributed runs on BullMQ [PostgreSQL store]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const world = useDistributedWorld(ROWS);
    const redis = useRedisPrefix('dist');
    let round = 0;
    /** A fresh queue prefix under the file's own, so each test sees only its workers. */
    const freshPrefix = () => `${redis.prefix}${round++}`;
    const workerArgs = (redisUrl: string, prefix: string, extra: readonly string[] = []) => [
      '--redis',
      redisUrl,
      '--store',
      world().store.url,
      '--queue-prefix',
      prefix,
      '--concurrency',
      '2',
      '--lock-ms',
      '8000',
      '--stalled-ms',
      '2000',
      ...extra,
    ];
    const workerEnv = { ONBOARD_SECRET_KEY: SECRET_KEY };
    const coordinatorEnv = (token: string) => ({ ONBOARD_TOKEN: token, ONBOARD_SECRET_KEY: SECRET_KEY });

    it('runs over three worker processes to the in-process end state, record for record', async () => {
      const w = world();
      const prefix = freshPrefix();
      const token = await w.tenant();
      const workers = [0, 1, 2].map((i) =>
        startWorker(workerArgs(redis.url, prefix, i === 0 ? ['--metrics-port', '0'] : []), workerEnv),
      );
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        const run = runOnboardCommand(
          w.coordinatorArgs('run', token, redis.url, prefix),
          coordinatorEnv(token),
        );
        const { code, stdout, stderr } = await run.done;
        expect(code, stderr).toBe(0);
        const runId = runIdOf(stdout) as string;
        expect(await w.outcomeOf(runId)).toEqual(w.reference);
        expect(await w.stats(token)).toEqual(w.referenceStats);
        const listed = await runOnboardCommand(['runs', '--store', w.store.url, '--json'], {}).done;
        expect(JSON.parse(listed.stdout)).toContainEqual(
          expect.objectContaining({ id: runId, status: 'succeeded', rowsRead: ROWS }),
        );
        // A worker that ran tasks (with three workers one may get none, and then has no task series).
        const probed = workers.find((x) => x.events.some((e) => e.event === 'task.done')) ?? workers[0];
        const port = /metrics on http:\/\/[^:]+:(\d+)\/metrics/.exec(probed?.stderr() ?? '')?.[1];
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const doneHere = probed?.events.filter((e) => e.event === 'task.done').length ?? 0;
        expect(doneHere).toBeGreaterThan(0);
        const counted = /onboard_worker_tasks_total\{tenant="[^"]+",outcome="done"\} (\d+)/.exec(
          metrics,
        )?.[1];
        expect(Number(counted ?? 0)).toBe(doneHere);
        expect(metrics).toMatch(/onboard_worker_task_duration_seconds_count\{tenant="[^"]+"\} \d+/);
        const rowsCounted = [...metrics.matchAll(/onboard_worker_rows_total\{[^}]*\} (\d+)/g)].reduce(
          (n, m) => n + Number(m[1]),
          0,
        );
        const rowsDone = (probed?.events ?? []).reduce(
          (n, e) => n + (e.event === 'task.done' ? (e.rows ?? 0) : 0),
          0,
        );
        expect(rowsCounted).toBe(rowsDone);
        expect(metrics).toMatch(/onboard_queue_jobs\{queue="tasks-[^"]+",state="waiting"\} 0/);
        const busy = workers.filter((x) => x.events.some((e) => e.event === 'task.done'));
        expect(busy.length).toBeGreaterThanOrEqual(2);
        // The job carries the token sealed, never in plain text.
        const tenant = tenantKey(undefined, `${w.proxy.url}/`, token);
        const client = new Redis(redis.url);
        const keys = await client.keys(`${prefix}:${tenantQueueName(tenant)}:${runId}*`);
        const data = await client.hget(
          `${prefix}:${tenantQueueName(tenant)}:${taskJobId({ runId, taskId: 'products#0' })}`,
          'data',
        );
        client.disconnect();
        expect(keys.length).toBeGreaterThan(0);
        expect(data).toContain('"sealed":"v1.');
        expect(data).not.toContain(token);
      } finally {
        for (const x of workers) x.child.kill('SIGTERM');
        await Promise.all(workers.map((x) => x.exited));
      }
    }, 300_000);

    it('reports progress like an in-process run: one batch event per recorded batch, same counts, same summary', async () => {
      const w = world();
      const prefix = freshPrefix();
      const idle = ['--idle-close-ms', '400'];
      const workers = [0, 1].map(() => startWorker(workerArgs(redis.url, prefix, idle), workerEnv));
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        const queued = await w.tenant();
        const run = await runOnboardCommand(
          w.coordinatorArgs('run', queued, redis.url, prefix),
          coordinatorEnv(queued),
        ).done;
        expect(run.code, run.stderr.slice(-2000)).toBe(0);
        const local = await w.tenant();
        const here = await runOnboardCommand(
          w.coordinatorArgs('run', local, redis.url, prefix, ['--executor', 'in-process']),
          coordinatorEnv(local),
        ).done;
        expect(here.code, here.stderr.slice(-2000)).toBe(0);
        const [remote, inProcess] = [progressEvents(run.stdout), progressEvents(here.stdout)];
        const kinds = (events: readonly ProgressEvent[]) => new Set(events.map((e) => e.event));
        expect(kinds(remote)).toEqual(new Set([...kinds(inProcess), 'note']));
        expect(remote[0]?.event).toBe('run.start');
        expect(remote.at(-1)?.event).toBe('run.end');
        const batches = remote.filter((e) => e.event === 'batch');
        const keysOf = (e: ProgressEvent | undefined) => Object.keys(e ?? {}).sort();
        expect(keysOf(batches[0])).toEqual(keysOf(inProcess.find((e) => e.event === 'batch')));
        // Each batch once, though the coordinator looked at the store many times.
        expect(new Set(batches.map((e) => `${e['taskId']}#${e['seq']}`)).size).toBe(batches.length);
        expect(batchSums(remote)).toEqual(batchSums(inProcess));
        const read = Object.fromEntries(Object.entries(w.reference).map(([entity, o]) => [entity, o.read]));
        expect(
          Object.fromEntries(Object.entries(batchSums(remote)).map(([entity, o]) => [entity, o.read])),
        ).toEqual(read);
        const ended = (events: readonly ProgressEvent[]) =>
          outcome(events.at(-1)?.['entities'] as EntityTotals[]);
        expect(ended(remote)).toEqual(ended(inProcess));
        expect(ended(remote)).toEqual(w.reference);
        // Idle after the run, each worker that ran a task closes all it opened for it.
        const busy = workers.filter((x) => x.events.some((e) => e.event === 'task.done'));
        expect(busy.length).toBeGreaterThan(0);
        for (const x of busy) {
          const closed = await x.waitFor((e) => e.event === 'resources.closed' && e.open === 0, 30_000);
          expect(closed.closed).toBeGreaterThan(0);
        }
      } finally {
        await killAll(workers);
      }
    }, 300_000);

    /** Runs the coordinator to its end and checks the end state against the in-process run. */
    const expectSameEndState = async (
      token: string,
      done: Promise<{ code: number | null; stdout: string; stderr: string }>,
    ) => {
      const { code, stdout, stderr } = await done;
      expect(code, stderr.slice(-2000)).toBe(0);
      const runId = runIdOf(stdout) as string;
      expect(await world().outcomeOf(runId)).toEqual(world().reference);
      expect(await world().stats(token)).toEqual(world().referenceStats);
      return runId;
    };
    const stopAll = async (workers: readonly WorkerProcess[]) => {
      world().proxy.delayMs = 0;
      await killAll(workers);
    };

    it("hands a SIGKILLed worker's task to another worker, ending in the same state with exact counts", async () => {
      const w = world();
      const prefix = freshPrefix();
      const token = await w.tenant();
      w.proxy.delayMs = 60;
      const victim = startWorker(workerArgs(redis.url, prefix), workerEnv);
      const survivor = startWorker(workerArgs(redis.url, prefix), workerEnv);
      try {
        await Promise.all([victim, survivor].map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        const run = runOnboardCommand(
          w.coordinatorArgs('run', token, redis.url, prefix, ['--batch-records', '20']),
          coordinatorEnv(token),
        );
        const held = await holdingMidTask(victim, w.store.url);
        victim.child.kill('SIGKILL');
        await victim.exited;
        // The store, not the victim's output, says whether it finished the task before it died: it
        // may commit the task's end and be killed before it prints task.done. Done after one
        // attempt means the victim's; the survivor's attempt would have raised the count first.
        const atKill = await taskStateOf(w.store.url, held.runId as string, held.taskId as string);
        w.proxy.delayMs = 0;
        const finishedBefore =
          victim.events.some(
            (e) => e.event === 'task.done' && e.taskId === held.taskId && e.runId === held.runId,
          ) ||
          (atKill?.status === 'done' && atKill.attempts === 1);
        const runId = await expectSameEndState(token, run.done);
        expect(runId).toBe(held.runId);
        // What the user sees counts each source row once: the progress events, the console's view.
        const source = await sourceRows(w.source);
        const events = progressEvents((await run.done).stdout);
        const batches = events.filter((e) => e.event === 'batch');
        expect(new Set(batches.map((e) => `${e['taskId']}#${e['seq']}`)).size).toBe(batches.length);
        expect(Object.fromEntries(Object.entries(batchSums(events)).map(([e, s]) => [e, s.read]))).toEqual(
          source,
        );
        expect(await consoleRows(w.store.url, runId)).toEqual(source);
        if (!finishedBefore) {
          expect(survivor.events.some((e) => e.event === 'task.start' && e.taskId === held.taskId)).toBe(
            true,
          );
          expect(await attemptsOf(w.store.url, runId, held.taskId as string)).toBeGreaterThanOrEqual(2);
        }
      } finally {
        await stopAll([victim, survivor]);
      }
    }, 300_000);

    it('on SIGTERM, finishes its task within the grace period, or hands it back after it', async () => {
      const w = world();
      const prefix = freshPrefix();
      const token = await w.tenant();
      w.proxy.delayMs = 60;
      const one = ['--concurrency', '1'];
      const patient = startWorker(workerArgs(redis.url, prefix, [...one, '--grace-ms', '120000']), workerEnv);
      const hasty = startWorker(workerArgs(redis.url, prefix, [...one, '--grace-ms', '0']), workerEnv);
      const helper = startWorker(workerArgs(redis.url, prefix), workerEnv);
      const workers = [patient, hasty, helper];
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        const run = runOnboardCommand(
          w.coordinatorArgs('run', token, redis.url, prefix, ['--batch-records', '20']),
          coordinatorEnv(token),
        );
        const [kept, returned] = await Promise.all([
          holdingMidTask(patient, w.store.url),
          holdingMidTask(hasty, w.store.url),
        ]);
        patient.child.kill('SIGTERM');
        hasty.child.kill('SIGTERM');
        expect(await patient.exited).toBe(0);
        expect(await hasty.exited).toBe(0);
        w.proxy.delayMs = 0;
        expect(patient.events.some((e) => e.event === 'task.done' && e.taskId === kept.taskId)).toBe(true);
        expect(patient.events.at(-1)).toMatchObject({ event: 'worker.stopped', handedBack: 0 });
        const handed = hasty.events.some(
          (e) => e.event === 'task.handed-back' && e.taskId === returned.taskId,
        );
        const done = hasty.events.some((e) => e.event === 'task.done' && e.taskId === returned.taskId);
        expect(handed || done).toBe(true);
        await expectSameEndState(token, run.done);
        if (handed)
          expect(helper.events.some((e) => e.event === 'task.start' && e.taskId === returned.taskId)).toBe(
            true,
          );
      } finally {
        await stopAll(workers);
      }
    }, 300_000);

    it('survives a Redis restart that loses every job mid-run', async () => {
      const w = world();
      const privateRedis = await startPrivateRedis();
      const prefix = 'restart';
      const token = await w.tenant();
      // Slow enough that the running task cannot finish (and free the waiting one) while Redis
      // restarts, however loaded the machine is.
      w.proxy.delayMs = 400;
      const workers = [0, 1].map(() => startWorker(workerArgs(privateRedis.url, prefix), workerEnv));
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        let runId: string | undefined;
        const run = runOnboardCommand(
          w.coordinatorArgs('run', token, privateRedis.url, prefix, ['--tenant-concurrency', '1']),
          coordinatorEnv(token),
          (out) => {
            runId ??= runIdOf(out);
          },
        );
        // With one task of the tenant at a time, the phase's other tasks are jobs waiting in Redis.
        await phaseWithWaitingTask(w.store.url, () => runId);
        await privateRedis.restart();
        w.proxy.delayMs = 0;
        const { stdout } = await run.done;
        expect(stdout).toContain('enqueued again');
        await expectSameEndState(token, run.done);
      } finally {
        await stopAll(workers);
        await privateRedis.stop();
      }
    }, 300_000);

    it('picks a run up again when its coordinator is killed and started again (resume)', async () => {
      const w = world();
      const prefix = freshPrefix();
      const token = await w.tenant();
      w.proxy.delayMs = 30;
      const workers = [0, 1].map(() => startWorker(workerArgs(redis.url, prefix), workerEnv));
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        let runId: string | undefined;
        const first = runOnboardCommand(
          w.coordinatorArgs('run', token, redis.url, prefix),
          coordinatorEnv(token),
          (out) => {
            runId ??= runIdOf(out);
          },
        );
        await Promise.any(workers.map((x) => x.waitFor((e) => e.event === 'task.done')));
        first.kill('SIGKILL');
        expect((await first.done).code).toBe(null);
        w.proxy.delayMs = 0;
        const args = [
          'resume',
          runId as string,
          '--store',
          w.store.url,
          '--executor',
          'bullmq',
          '--redis',
          redis.url,
          '--queue-prefix',
          prefix,
          '--json',
        ];
        const status = runOnboardCommand(['status', runId as string, '--store', w.store.url, '--json'], {});
        expect(JSON.parse((await status.done).stdout)).toMatchObject({ runId, status: 'running' });
        expect(await expectSameEndState(token, runOnboardCommand(args, coordinatorEnv(token)).done)).toBe(
          runId,
        );
      } finally {
        await stopAll(workers);
      }
    }, 300_000);

    it('keeps each tenant to its concurrency limit while two tenants onboard at once', async () => {
      const w = world();
      const prefix = freshPrefix();
      const [first, second] = [await w.tenant(), await w.tenant()] as [string, string];
      w.proxy.delayMs = 20;
      const workers = [0, 1].map(() => startWorker(workerArgs(redis.url, prefix), workerEnv));
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        const limit = ['--tenant-concurrency', '1'];
        const runs = [first, second].map((token, i) =>
          runOnboardCommand(
            w.coordinatorArgs('run', token, redis.url, prefix, [...limit, '--tenant', `tenant${i}`]),
            coordinatorEnv(token),
          ),
        );
        await Promise.all(runs.map((run, i) => expectSameEndState(i === 0 ? first : second, run.done)));
        const events = workers.flatMap((x) => x.events);
        expect(peakConcurrency(events, 'tenant0')).toBe(1);
        expect(peakConcurrency(events, 'tenant1')).toBe(1);
        // Neither waited for the other: both tenants had a task running at the same moment.
        const both = events.filter((e) => e.event.startsWith('task.')).map((e) => ({ ...e, tenant: 'any' }));
        expect(peakConcurrency(both, 'any')).toBe(2);
      } finally {
        await stopAll(workers);
      }
    }, 300_000);
  });
});

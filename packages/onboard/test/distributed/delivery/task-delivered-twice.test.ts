import { setTimeout as sleep } from 'node:timers/promises';
import { describeWithServer, POSTGRES, REDIS, useRedisPrefix } from '@madeup/testkit';
import { expect, it } from 'vitest';
import type { EntityTotals } from '../../../src/store/run-records.ts';
import { outcome } from '../../pipeline/pipeline-support.ts';
import { consoleRows } from '../console-rows.ts';
import { batchSums, progressEvents, runIdOf, runOnboardCommand } from '../coordinator.ts';
import { SECRET_KEY, useDistributedWorld } from '../distributed-setup.ts';
import { addSums, counterSums, scrapeWorker } from '../scrape-metrics.ts';
import { killAll, type SeenEvent, startWorker } from '../worker-process.ts';
import { addDuplicateJob, queueSettled } from './duplicate-job.ts';
import { sourceRows } from './source-rows.ts';
import { StoreAudit } from './store-audit.ts';

/** The task delivered twice: the run's largest (one partition per entity here). */
const TWICE = 'invoiceLines#0';

/**
 * One task delivered twice at the same moment (a second job for it, as BullMQ's at-least-once
 * delivery may make), with two real worker processes, Redis, core and a PostgreSQL run store. The
 * newer attempt takes the task over; the older one must then stop publishing: no `task.done`, no
 * rows in the metrics, no second progress event, and its job ending must not make the coordinator
 * queue the task a third time. Every number a user sees at the end (the summary, the progress
 * events, the console's run view, the workers' counters) must count each source row once.
 */
describeWithServer('a task delivered twice on BullMQ [PostgreSQL store]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const world = useDistributedWorld(2000);
    const redis = useRedisPrefix('twice');

    it('counts the task once: one task.done, rows once in metrics, progress and console, no third attempt', async () => {
      const w = world();
      const prefix = `${redis.prefix}0`;
      const tenant = 'twice';
      const token = await w.tenant();
      const args = ['--redis', redis.url, '--store', w.store.url, '--queue-prefix', prefix];
      const workers = [0, 1].map(() =>
        startWorker([...args, '--concurrency', '4', '--metrics-port', '0'], {
          ONBOARD_SECRET_KEY: SECRET_KEY,
        }),
      );
      const audit = await StoreAudit.open(w.store.url);
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        let runId: string | undefined;
        const run = runOnboardCommand(
          w.coordinatorArgs('run', token, redis.url, prefix, [
            ...['--tenant', tenant, '--tenant-concurrency', '8'],
            ...['--partition-rows', '100000', '--batch-records', '20'],
          ]),
          { ONBOARD_TOKEN: token, ONBOARD_SECRET_KEY: SECRET_KEY },
          (out) => {
            runId ??= runIdOf(out);
          },
        );
        // Once the task has recorded a few batches, a second job for it goes to the front of the
        // queue, where a free slot takes it at once: a newer attempt, while the first still runs.
        for (;;) {
          const id = runId;
          const task = id === undefined ? undefined : (await audit.tasks(id)).find((t) => t.taskId === TWICE);
          // Slow enough that the task runs for seconds after the second delivery takes it over.
          if (task?.status === 'running') w.proxy.delayMs = 60;
          if (task?.status === 'running' && (task.checkpointSeq ?? -1) >= 2) break;
          if (task?.status === 'done') throw new Error(`${TWICE} ended before it could be delivered twice`);
          await sleep(20);
        }
        const id = runId as string;
        await addDuplicateJob(redis.url, prefix, tenant, id, TWICE, 'twice', true);
        const { code, stdout, stderr } = await run.done;
        w.proxy.delayMs = 0;
        expect(code, stderr.slice(-2000)).toBe(0);
        await queueSettled(redis.url, prefix, tenant, 60_000);
        const ofRun = (e: SeenEvent) => e.runId === id;
        const events = workers.flatMap((x) => x.events).filter(ofRun);
        const twice = events.filter((e) => e.taskId === TWICE);
        const [task] = (await audit.tasks(id)).filter((t) => t.taskId === TWICE);

        // The second delivery did take the task over (else this test proves nothing), and the
        // first's end made no third attempt.
        expect(twice.filter((e) => e.event === 'task.start')).toHaveLength(2);
        expect(
          twice.filter((e) => e.event === 'task.superseded').map((e) => (e as { reason?: string }).reason),
        ).toEqual(['taken-over']);
        expect(task?.attempts, 'the task was queued again after its first job ended').toBe(2);
        // One task.done per task of the run, over both workers.
        const doneEvents = events.filter((e) => e.event === 'task.done').map((e) => e.taskId);
        const tasks = await audit.tasks(id);
        expect(doneEvents.sort()).toEqual(tasks.map((t) => t.taskId).sort());

        // Metrics: every source row once, every batch once, every task done once.
        const texts = await Promise.all(workers.map((x) => scrapeWorker(x.stderr())));
        const sum = (name: string, label?: string) =>
          texts.map((t) => counterSums(t, name, label)).reduce(addSums, {});
        const source = await sourceRows(w.source);
        expect(sum('onboard_worker_rows_total', 'entity')).toEqual(source);
        const stored = await audit.entityTotals(id);
        expect(sum('onboard_worker_batches_total')).toEqual({
          '': stored.reduce((n, t) => n + t.batches, 0),
        });
        expect(sum('onboard_worker_tasks_total', 'outcome')).toEqual({ done: tasks.length });

        // The coordinator: one batch event per batch, the rows once; the summary as a clean run's.
        const progress = progressEvents(stdout);
        const batches = progress.filter((e) => e.event === 'batch');
        expect(new Set(batches.map((e) => `${e['taskId']}#${e['seq']}`)).size).toBe(batches.length);
        const read = Object.fromEntries(Object.entries(batchSums(progress)).map(([e, s]) => [e, s.read]));
        expect(read).toEqual(source);
        expect(outcome(progress.at(-1)?.['entities'] as EntityTotals[])).toEqual(w.reference);

        // The console's run view.
        expect(await consoleRows(w.store.url, id)).toEqual(source);
      } finally {
        w.proxy.delayMs = 0;
        await audit.close();
        await killAll(workers);
      }
    }, 240_000);
  });
});

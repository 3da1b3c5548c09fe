import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { createTestDatabase, describeWithServer, POSTGRES, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../../pipeline/fault-proxy.ts';
import { MAPPING, runImport } from '../../pipeline/pipeline-support.ts';
import { type PrivateRedis, startPrivateRedis } from '../private-redis.ts';
import { killAll, startWorker, type WorkerProcess } from '../worker-process.ts';
import { describePlan, planRound, seedFrom } from './delivery-plan.ts';
import { coreStats, countsOf, type DeliveryWorld, deliveryRound, type Reference } from './delivery-round.ts';
import { generateWithKeylessTable } from './keyless-source.ts';
import { StoreAudit } from './store-audit.ts';

/**
 * BullMQ delivers a job at least once: a worker frozen past its lock (SIGSTOP, then SIGCONT) has its
 * job taken over while it still runs it, a job may be added twice, and a task failed part-way is
 * tried again. Each round imports Vendor X through two `onboard worker` processes with such faults
 * drawn from a seed, and must end as a clean run ends: the same counts, reconciled, one progress
 * event per batch, the run store consistent, core's records the same. Replay:
 * `MADEUP_DELIVERY_SEED=<printed seed>`; `MADEUP_DELIVERY_ROUNDS` (default 2), `MADEUP_DELIVERY_ROWS`
 * (default 1000).
 */
const ROWS = Number(process.env['MADEUP_DELIVERY_ROWS'] ?? 1000);
const ROUNDS = Number(process.env['MADEUP_DELIVERY_ROUNDS'] ?? 2);
const SEED = seedFrom(process.env['MADEUP_DELIVERY_SEED']);
const LOCK_MS = 1500;
const RETRY_FOR_MS = 2000;
const SECRET_KEY = 'double-delivery-secret-key-0123456789abcdef';
const KEYLESS = 'inv_det';
const RUN_FLAGS = ['--partition-rows', '300', '--batch-records', '20', '--concurrency', '4'];

const say = (line: string) => process.stderr.write(`double delivery seed=${SEED}: ${line}\n`);

describeWithServer('double delivery: BullMQ tasks run twice, retried and duplicated', POSTGRES, () => {
  let dir = '';
  let core: RunningCore | undefined;
  let proxy: FaultProxy | undefined;
  let store: TestDatabase | undefined;
  let redis: PrivateRedis | undefined;
  let audit: StoreAudit | undefined;
  const workers: WorkerProcess[] = [];
  let world: DeliveryWorld | undefined;
  let reference: Reference | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-delivery-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    proxy = await startFaultProxy(core.url);
    const file = join(dir, 'vendor-x.sqlite');
    await generateWithKeylessTable(file, ROWS, KEYLESS);
    store = await createTestDatabase('postgres', 'delivery');
    redis = await startPrivateRedis();
    audit = await StoreAudit.open(store.url);
    for (let i = 0; i < 2; i++)
      workers.push(
        startWorker(
          [
            ...[
              '--redis',
              redis.url,
              '--store',
              store.url,
              '--queue-prefix',
              'delivery',
              '--concurrency',
              '2',
            ],
            ...[
              '--lock-ms',
              String(LOCK_MS),
              '--stalled-ms',
              '500',
              '--retry-for',
              `${RETRY_FOR_MS / 1000}s`,
            ],
          ],
          { ONBOARD_SECRET_KEY: SECRET_KEY },
        ),
      );
    await Promise.all(workers.map((w) => w.waitFor((e) => e.event === 'worker.ready')));
    const { token } = await core.createTenant('delivery-clean');
    const started = Date.now();
    const clean = await runImport({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: store.url,
      dryRun: false,
      partitionRows: 300,
      batchRecords: 20,
      concurrency: 4,
    });
    if (clean.status !== 'succeeded') throw new Error(`the clean in-process run ${clean.status}`);
    reference = {
      counts: countsOf(clean.entities),
      batches: clean.entities.reduce((n, e) => n + e.batches, 0),
      stats: await coreStats(core.url, token),
    };
    // Slower requests spread a run over a few seconds, so faults land while tasks run.
    proxy.delayMs = 10;
    world = {
      proxy,
      source: `sqlite:${file}`,
      storeUrl: store.url,
      redisUrl: redis.url,
      prefix: 'delivery',
      workers,
      audit,
      lockMs: LOCK_MS,
      retryForMs: RETRY_FOR_MS,
      keylessStream: KEYLESS,
      secretKey: SECRET_KEY,
      runFlags: RUN_FLAGS,
    };
    say(
      `${ROWS} rows (${KEYLESS} keyless), ${ROUNDS} rounds; the clean run recorded ${reference.batches} batches in ${((Date.now() - started) / 1000).toFixed(1)} s (replay: MADEUP_DELIVERY_SEED=${SEED})`,
    );
  }, 180_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGCONT');
    await killAll(workers);
    await audit?.close();
    await redis?.stop();
    await proxy?.close();
    await core?.close();
    await store?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: ends as the clean run ends`, async () => {
      if (world === undefined || reference === undefined || core === undefined)
        throw new Error('the world of the double delivery suite did not start');
      const plan = planRound(SEED, round, reference.batches, LOCK_MS);
      const { token } = await core.createTenant(`delivery-r${round}-${SEED.toString(36)}`);
      const outcome = await deliveryRound(world, plan, `r${round}`, token, core.url, reference);
      say(
        `round ${round} (${describePlan(plan)}): ${outcome.injected.join('; ')}; ${outcome.attempts.started} task attempts, ${outcome.attempts.failed} failed, ${outcome.attempts.superseded} superseded; run ${outcome.runSeconds.toFixed(1)} s, all ${outcome.seconds.toFixed(1)} s -> ${
          outcome.violations.length === 0 ? 'exact' : `${outcome.violations.length} violation(s)`
        }`,
      );
      expect(
        outcome.violations.join('\n'),
        `round ${round}, run ${outcome.runId} (MADEUP_DELIVERY_SEED=${SEED})`,
      ).toBe('');
    }, 300_000);
  }
});

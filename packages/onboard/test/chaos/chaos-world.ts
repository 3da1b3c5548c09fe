import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../distributed/private-redis.ts';
import { killAll, startWorker, type WorkerProcess } from '../distributed/worker-process.ts';
import { generateVendorX } from '../pipeline/pipeline-support.ts';
import { type CoreProcess, startCoreProcess } from './core-process.ts';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.ts';

export const SECRET_KEY = 'chaos-secret-key-for-sealing-0123456789';
export const QUEUE_PREFIX = 'chaos';

/**
 * Everything a chaos round can kill, each the test's own: core as a process, its tenant database
 * server (a private PostgreSQL cluster), a private Redis, two `onboard worker` processes. The run
 * store is a database of its own on the shared PostgreSQL server (never killed) and the source a
 * SQLite file of Vendor X.
 */
export interface ChaosWorld {
  readonly dir: string;
  readonly source: string;
  readonly store: TestDatabase;
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  readonly core: CoreProcess;
  /** The workers now running; a killed one is replaced by `replaceWorker`. */
  readonly workers: WorkerProcess[];
  /** Starts a worker (waits until it is ready) and adds it to `workers`. */
  addWorker(): Promise<WorkerProcess>;
}

const WORKERS = 2;

function workerArgs(world: Pick<ChaosWorld, 'redis' | 'store'>): string[] {
  return [
    '--redis',
    world.redis.url,
    '--store',
    world.store.url,
    '--queue-prefix',
    QUEUE_PREFIX,
    '--concurrency',
    '2',
    '--lock-ms',
    '8000',
    '--stalled-ms',
    '2000',
  ];
}

/** Sets the world up for a test file (`beforeAll`) and tears every part of it down (`afterAll`). */
export function useChaosWorld(rows: number): () => ChaosWorld {
  let world: ChaosWorld | undefined;
  const parts: {
    dir?: string;
    store?: TestDatabase;
    postgres?: PrivatePostgres;
    redis?: PrivateRedis;
    core?: CoreProcess;
    workers: WorkerProcess[];
  } = { workers: [] };
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onboard-chaos-'));
    parts.dir = dir;
    const sourceFile = join(dir, 'vendor-x.sqlite');
    // Each part is kept as soon as it exists, so `afterAll` stops it even when another failed.
    const [postgres, redis, store] = await Promise.all([
      startPrivatePostgres().then((p) => (parts.postgres = p)),
      startPrivateRedis().then((r) => (parts.redis = r)),
      createTestDatabase('postgres', 'chaos').then((s) => (parts.store = s)),
      generateVendorX(sourceFile, rows),
    ]);
    const core = await startCoreProcess(join(dir, 'core'), postgres.url);
    parts.core = core;
    const built: ChaosWorld = {
      dir,
      source: `sqlite:${sourceFile}`,
      store,
      postgres,
      redis,
      core,
      workers: parts.workers,
      async addWorker() {
        const worker = startWorker(workerArgs(built), { ONBOARD_SECRET_KEY: SECRET_KEY });
        parts.workers.push(worker);
        await worker.waitFor((e) => e.event === 'worker.ready', 60_000);
        return worker;
      },
    };
    await Promise.all(Array.from({ length: WORKERS }, () => built.addWorker()));
    world = built;
  }, 300_000);
  afterAll(async () => {
    await killAll(parts.workers);
    await parts.core?.kill();
    await parts.redis?.stop();
    await parts.postgres?.destroy();
    await parts.store?.drop();
    if (parts.dir !== undefined) await rm(parts.dir, { recursive: true, force: true });
  }, 120_000);
  return () => {
    if (world === undefined) throw new Error('the chaos world exists only inside tests');
    return world;
  };
}

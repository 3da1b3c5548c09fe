import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { createTestDatabase, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { type FaultProxy, startFaultProxy } from '../pipeline/fault-proxy.ts';
import { generateVendorX, MAPPING, outcome, runImport } from '../pipeline/pipeline-support.ts';

export const SECRET_KEY = 'test-secret-key-for-sealing-0123456789';

/** What every distributed test shares: core (behind a slowable proxy), a source, a PostgreSQL store, the in-process reference. */
export interface DistributedWorld {
  readonly core: RunningCore;
  readonly proxy: FaultProxy;
  readonly source: string;
  readonly store: TestDatabase;
  /** The in-process run's end state, per entity. */
  readonly reference: ReturnType<typeof outcome>;
  /** Core's stats of the reference tenant. */
  readonly referenceStats: unknown;
  tenant(): Promise<string>;
  stats(token: string): Promise<unknown>;
  /** Per entity end state of a run in the shared store. */
  outcomeOf(runId: string): Promise<ReturnType<typeof outcome>>;
  coordinatorArgs(
    command: 'run',
    token: string,
    redisUrl: string,
    prefix: string,
    extra?: readonly string[],
  ): string[];
}

export function useDistributedWorld(rows: number): () => DistributedWorld {
  let world: DistributedWorld | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-distributed-'));
    const core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    const proxy = await startFaultProxy(core.url);
    const source = `sqlite:${join(dir, 'vendor-x.sqlite')}`;
    await generateVendorX(join(dir, 'vendor-x.sqlite'), rows);
    const store = await createTestDatabase('postgres', 'dist');
    let tenants = 0;
    const tenant = async () => (await core.createTenant(`dist-${process.pid}-${tenants++}`)).token;
    const stats = async (token: string) => {
      const response = await fetch(`${core.url}/v1/stats?source=vendor-x`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.json();
    };
    const token = await tenant();
    const reference = await runImport({
      mappingPath: MAPPING,
      sourceUrl: source,
      coreUrl: core.url,
      token,
      storeUrl: store.url,
      dryRun: false,
    });
    if (reference.status !== 'succeeded') throw new Error(`the in-process reference run ${reference.status}`);
    world = {
      core,
      proxy,
      source,
      store,
      reference: outcome(reference.entities),
      referenceStats: await stats(token),
      tenant,
      stats,
      async outcomeOf(runId) {
        const kept = await openRunStore(store.url);
        try {
          return outcome(await kept.entityTotals(runId));
        } finally {
          await kept.close();
        }
      },
      coordinatorArgs: (command, _token, redisUrl, prefix, extra = []) => [
        command,
        '--executor',
        'bullmq',
        '--redis',
        redisUrl,
        '--queue-prefix',
        prefix,
        '--store',
        store.url,
        '--mapping',
        MAPPING,
        '--source',
        source,
        '--core',
        proxy.url,
        '--partition-rows',
        '300',
        '--batch-records',
        '50',
        '--concurrency',
        '3',
        '--json',
        ...extra,
      ],
    };
  }, 120_000);
  afterAll(async () => {
    await world?.proxy.close();
    await world?.core.close();
    await world?.store.drop();
    await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (world === undefined) throw new Error('the distributed world exists only inside tests');
    return world;
  };
}

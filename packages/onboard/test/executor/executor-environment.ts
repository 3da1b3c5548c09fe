import { createTestDatabase, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { CoreClient } from '../../src/loader/core-client.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { type FaultServer, startFaultServer } from '../loader/fault-server.ts';

/** What an executor test runs against: a fault server standing in for core, a run store, a client of the server. */
export interface ExecutorEnvironment {
  readonly server: FaultServer;
  readonly database: TestDatabase;
  readonly store: RunStore;
  readonly client: CoreClient;
}

/**
 * Registers the suite's set-up and tear-down of an `ExecutorEnvironment` (a SQLite run store named
 * after `name`; the client retries at most `maxAttempts` times within `budgetMs`) and clears the
 * server's decisions, faults and seen requests before each test. The members are there once the
 * suite's `beforeAll` has run.
 */
export function executorEnvironment(
  name: string,
  retry: { readonly maxAttempts: number; readonly budgetMs?: number },
): ExecutorEnvironment {
  const env = {} as { -readonly [K in keyof ExecutorEnvironment]: ExecutorEnvironment[K] };
  beforeAll(async () => {
    env.server = await startFaultServer();
    env.database = await createTestDatabase('sqlite', name);
    env.store = await openRunStore(env.database.url);
    env.client = new CoreClient({
      url: env.server.url,
      token: 't',
      retry: {
        budgetMs: retry.budgetMs ?? 60_000,
        maxAttempts: retry.maxAttempts,
        baseDelayMs: 1,
        maxDelayMs: 5,
      },
    });
  });
  afterAll(async () => {
    await env.client.close();
    await env.store.close();
    await env.server.close();
    await env.database.drop();
  });
  beforeEach(() => {
    env.server.decide = undefined;
    env.server.seen.length = 0;
    env.server.faults.length = 0;
  });
  return env;
}

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import {
  createTestDatabase,
  describeWithServer,
  POSTGRES,
  REDIS,
  type TestDatabase,
  useRedisPrefix,
} from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { BIN, generateVendorX, MAPPING } from '../pipeline/pipeline-support.ts';
import { runCli } from '../support/run-cli.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('run, plan and resume check core and the token first', () => {
  let dir: string;
  let core: RunningCore;
  let source: string;
  let down: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-probe-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    source = join(dir, 'vendor-x.sqlite');
    await generateVendorX(source, 200);
    down = `http://127.0.0.1:${await closedPort()}`;
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const flags = (coreUrl: string, token: string, store: string) => [
    '--mapping',
    MAPPING,
    '--source',
    `sqlite:${source}`,
    '--core',
    coreUrl,
    '--token',
    token,
    '--store',
    store,
  ];

  it('core down: "core is not reachable at URL" at once, exit 4, no retries, no run store', async () => {
    for (const command of ['run', 'plan']) {
      const store = join(dir, `down-${command}.sqlite`);
      // The default retry budget is 5 minutes: without the probe this would wait (and time out).
      const result = await runCli(command, ...flags(down, 'mut_whatever', store));
      expect({ command, code: result.code }).toEqual({ command, code: 4 });
      expect(result.err).toBe(
        `onboard: core is not reachable at ${down} (ECONNREFUSED); start it or check --core\n`,
      );
      expect(existsSync(store)).toBe(false);
    }
  });

  it('a token core refuses: "token refused by core at URL", exit 3, before any run record', async () => {
    for (const command of ['run', 'plan']) {
      const store = join(dir, `refused-${command}.sqlite`);
      const result = await runCli(command, ...flags(core.url, 'mut_not-a-real-token', store));
      expect({ command, code: result.code }).toEqual({ command, code: 3 });
      expect(result.err).toMatch(
        /^onboard: token refused by core at http:\/\/127\.0\.0\.1:\d+ \(HTTP 401\): check --token/,
      );
      expect(result.err).not.toContain('mut_not-a-real-token');
      expect(existsSync(store)).toBe(false);
    }
    // resume: the run stays as it was (still planned, no attempt recorded).
    const store = join(dir, 'resume.sqlite');
    const runs = await openRunStore(store);
    await createCustomerRun(runs, 'to-resume', {}).finally(() => runs.close());
    const resumed = await runCli(
      'resume',
      'to-resume',
      '--store',
      store,
      '--core',
      core.url,
      '--token',
      'mut_nope',
    );
    expect(resumed.code).toBe(3);
    expect(resumed.err).toMatch(/^onboard: token refused by core at /);
    const after = await openRunStore(store);
    expect((await after.getRun('to-resume').finally(() => after.close()))?.status).toBe('planned');
  });

  it("core's admin token: refused, exit 3, before the run store is created (it was created first)", async () => {
    const store = join(dir, 'admin-run.sqlite');
    const result = await runCli('run', ...flags(core.url, core.adminToken ?? '', store));
    expect(result.code).toBe(3);
    expect(result.err).toMatch(
      /^onboard: the token is core's admin token \(tok_\w+ at http:\/\/127\.0\.0\.1:\d+\), not a tenant's: use the tenant's token\n$/,
    );
    expect(existsSync(store)).toBe(false);
  });
});

describeWithServer('run --executor bullmq without a worker [PostgreSQL store]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const redis = useRedisPrefix('noworker');
    let dir: string;
    let core: RunningCore;
    let storeDb: TestDatabase;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'onboard-noworker-'));
      core = await startCore({
        dataDir: join(dir, 'core'),
        logLevel: 'error',
        logDestination: { write: () => {} },
      });
      await generateVendorX(join(dir, 'vendor-x.sqlite'), 200);
      storeDb = await createTestDatabase('postgres', 'noworker');
    }, 120_000);
    afterAll(async () => {
      await core?.close();
      await storeDb?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('says after a few seconds that no worker takes tasks from the queue, and stops on SIGTERM', async () => {
      const { token } = await core.createTenant(`noworker-${process.pid}-${Date.now() % 100000}`);
      const child = spawn(
        process.execPath,
        [
          BIN,
          'run',
          '--executor',
          'bullmq',
          '--redis',
          redis.url,
          '--queue-prefix',
          redis.prefix,
          '--mapping',
          MAPPING,
          '--source',
          `sqlite:${join(dir, 'vendor-x.sqlite')}`,
          '--core',
          core.url,
          '--store',
          storeDb.url,
        ],
        { env: { ...process.env, ONBOARD_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stderr.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
            if (stderr.includes('no worker has taken a task')) resolve();
          });
          void exited.then(() => reject(new Error(`onboard run ended first: ${stderr}`)));
        });
      } finally {
        child.kill('SIGTERM');
      }
      expect(stderr).toMatch(
        /no worker has taken a task from queue \S+ \(Redis key prefix "[^"]+"\) in 5 s: is an `onboard worker` running with the same --redis and --queue-prefix\?/,
      );
      expect(await exited).toBe(130);
    }, 60_000);
  });
});

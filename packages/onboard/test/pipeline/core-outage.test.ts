import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { freePort } from '../chaos/free-port.ts';
import { BIN, entityCounts, generateVendorX, MAPPING, ROOT, runImport } from './pipeline-support.ts';

const CORE_BIN = join(ROOT, 'packages/core/bin/madeup-core.js');
/** How long core stays down: longer than the old 10 attempts lasted (~15 s). */
const OUTAGE_MS = 20_000;

/** `madeup-core serve` on a fixed port and data folder (SQLite catalog and tenants), started and killed at will. */
function coreServer(dataDir: string, port: number) {
  let child: ChildProcess | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    async start() {
      child = spawn(process.execPath, [CORE_BIN, 'serve', '--port', String(port), '--data-dir', dataDir], {
        env: { ...process.env, MADEUP_LOG_LEVEL: 'error' },
        stdio: 'ignore',
      });
      for (let i = 0; i < 600; i++) {
        if (
          await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
        await sleep(50);
      }
      throw new Error('core did not start');
    },
    async kill() {
      const victim = child;
      if (victim === undefined || victim.exitCode !== null || victim.signalCode !== null) return;
      const exited = new Promise((resolve) => victim.once('exit', resolve));
      victim.kill('SIGKILL');
      await exited;
    },
  };
}

describe('core down for 20 s in the middle of a run', () => {
  let dir: string;
  let core: ReturnType<typeof coreServer>;
  let adminToken: string;
  let file: string;
  const tenant = async (id: string) => {
    const response = await fetch(`${core.url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id }),
    });
    return ((await response.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-core-outage-'));
    adminToken = `mua_${randomBytes(24).toString('hex')}`;
    // The admin token goes into the catalog before the server starts.
    await (
      await startCore({
        dataDir: join(dir, 'core'),
        adminToken,
        logLevel: 'error',
        logDestination: { write: () => {} },
      })
    ).close();
    core = coreServer(join(dir, 'core'), await freePort());
    await core.start();
    file = join(dir, 'vendor-x.sqlite');
    await generateVendorX(file, 2000);
  });
  afterAll(async () => {
    await core?.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('waits for core, says so, and ends as an undisturbed run', async () => {
    const clean = await runImport({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token: await tenant(`clean-${process.pid}`),
      storeUrl: join(dir, 'clean.sqlite'),
      dryRun: false,
      batchRecords: 50,
    });
    expect(clean.status).toBe('succeeded');

    const token = await tenant(`outage-${process.pid}`);
    const args = ['run', '--mapping', MAPPING, '--source', `sqlite:${file}`, '--core', core.url];
    const child = spawn(
      process.execPath,
      [
        BIN,
        ...args,
        '--store',
        join(dir, 'runs.sqlite'),
        '--batch-records',
        '50',
        '--concurrency',
        '2',
        '--json',
      ],
      {
        env: { ...process.env, ONBOARD_TOKEN: token, ONBOARD_RETRY_FOR: '2m' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let outage: Promise<void> | undefined;
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (outage === undefined && (out.match(/"event":"batch"/g) ?? []).length >= 10) {
        outage = (async () => {
          await core.kill();
          await sleep(OUTAGE_MS);
          await core.start();
        })();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await outage;
    expect(outage, out.slice(-2000)).toBeDefined();
    expect(code, out.slice(-2000)).toBe(0);
    expect(out).toContain(`waiting for core at ${core.url}`);
    expect(out).toMatch(/retrying for up to \d+ more s/);
    const end = JSON.parse(
      out.split('\n').find((line) => line.includes('"event":"run.end"')) ?? '{}',
    ) as RunSummary;
    expect(entityCounts(end)).toEqual(entityCounts(clean));
    expect(end.reconciliation.every((r) => r.status === 'match')).toBe(true);
  }, 180_000);
});

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { deletedIds, dropLeaves } from './mirror-support.ts';
import { BIN, generateVendorX, MAPPING, runImport } from './pipeline-support.ts';

/** Runs `onboard ARGS --json` to its end (or until `kill` says so); returns exit code and stdout. */
function onboard(
  args: readonly string[],
  token: string,
  kill?: (stdout: string) => boolean,
): Promise<{ code: number | null; stdout: string; killed: boolean }> {
  const child = spawn(process.execPath, [BIN, ...args, '--json'], {
    env: { ...process.env, ONBOARD_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!killed && kill?.(stdout) === true) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: stdout + stderr.slice(-2000), killed })),
  );
}

const endOf = (stdout: string) =>
  JSON.parse(
    stdout
      .trim()
      .split('\n')
      .filter((l) => l.includes('"event":"run.end"'))[0] ?? '{}',
  ) as RunSummary;

describe('onboard run --mirror, killed and resumed, against a real core', () => {
  let dir: string;
  let core: RunningCore;
  let proxy: FaultProxy;
  let file: string;
  let store: string;
  let tenants = 0;
  const tenant = async () =>
    (await core.createTenant(`mirror-resume-${process.pid}-${Date.now() % 100000}-${tenants++}`)).token;
  const importAll = (token: string, mirror: boolean) =>
    runImport({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: store,
      dryRun: false,
      mirror,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-mirror-resume-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    proxy = await startFaultProxy(core.url);
    file = join(dir, 'vendor-x.sqlite');
    store = join(dir, 'runs.sqlite');
    await generateVendorX(file, 1000);
  });
  afterAll(async () => {
    await proxy?.close();
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes exactly what an uninterrupted mirror run deletes, once, after the resume', async () => {
    const [uninterrupted, resumed] = [await tenant(), await tenant()];
    const plain = [await importAll(uninterrupted, false), await importAll(resumed, false)];
    const kept = await openRunStore(store);
    try {
      for (const run of plain) {
        expect(run.status).toBe('succeeded');
        // A run that is not a mirror run pays nothing for mirroring: no id is stored.
        expect(await kept.mirror.seenIdCounts(run.runId)).toEqual(new Map());
      }
    } finally {
      await kept.close();
    }
    const dropped = dropLeaves(file, 13);
    expect(dropped['payments']?.length).toBeGreaterThan(5);
    expect(dropped['invoiceLines']?.length).toBeGreaterThan(5);

    const reference = await importAll(uninterrupted, true);
    expect(reference.status).toBe('succeeded');
    const expected = Object.fromEntries((reference.mirror ?? []).map((m) => [m.entity, m.deleted]));
    // Dropped rows that core never held (rejected at import) are not deleted: compare with core.
    const want: Record<string, string[]> = {};
    for (const entity of ['payments', 'invoiceLines']) {
      want[entity] = await deletedIds(core.url, uninterrupted, entity);
      expect(want[entity]?.length).toBe(expected[entity]);
      expect(want[entity]?.length).toBeGreaterThan(5);
      for (const id of want[entity] ?? []) expect(dropped[entity]).toContain(id);
    }

    proxy.delayMs = 25;
    const args = ['--mapping', MAPPING, '--source', `sqlite:${file}`, '--core', proxy.url, '--store', store];
    const first = await onboard(
      ['run', '--mirror', ...args, '--batch-records', '25', '--concurrency', '2', '--partition-rows', '300'],
      resumed,
      (out) => out.split('\n').filter((line) => line.includes('"event":"batch"')).length >= 30,
    );
    proxy.delayMs = 0;
    expect(first.killed, first.stdout.slice(-500)).toBe(true);
    const runId = /"runId":"([^"]+)"/.exec(first.stdout)?.[1] as string;
    const partial = await openRunStore(store);
    try {
      expect((await partial.getRun(runId))?.status).toBe('running');
      const counts = [...(await partial.mirror.seenIdCounts(runId)).values()].reduce((a, b) => a + b, 0);
      expect(counts).toBeGreaterThan(0);
    } finally {
      await partial.close();
    }
    // Nothing was deleted by the killed run: deletions wait for a complete run.
    expect(await deletedIds(core.url, resumed, 'payments')).toEqual([]);

    const second = await onboard(['resume', runId, '--store', store], resumed);
    expect(second.code, second.stdout.slice(-1000)).toBe(0);
    const end = endOf(second.stdout);
    expect(end).toMatchObject({ runId, status: 'succeeded' });
    expect(Object.fromEntries((end.mirror ?? []).map((m) => [m.entity, m.deleted]))).toEqual(expected);
    expect(end.reconciliation.every((r) => r.status === 'match')).toBe(true);
    for (const entity of ['payments', 'invoiceLines'])
      expect(await deletedIds(core.url, resumed, entity)).toEqual(want[entity]);
    await expect(onboard(['resume', runId, '--store', store], resumed)).resolves.toMatchObject({ code: 3 });
  }, 240_000);
});

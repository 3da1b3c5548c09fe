import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SourceStats } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPartitionTask } from '../../src/executor/run-partition-task.ts';
import { TenantMismatchError } from '../../src/executor/run-tenant.ts';
import { staticTaskResources } from '../../src/executor/static-task-resources.ts';
import { Loader } from '../../src/loader/loader.ts';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import { createRun } from '../../src/pipeline/start-run.ts';
import type { PartitionTask } from '../../src/planner/partition-task.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { BIN, generateVendorX, MAPPING } from './pipeline-support.ts';

const run = promisify(execFile);

/** `onboard ARGS` with `token`; never throws: exit code, stdout and stderr. */
async function onboard(args: readonly string[], token: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ONBOARD_TOKEN: token },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("a run is worked only with its own tenant's token", () => {
  let dir: string;
  let core: RunningCore;
  let file: string;
  let store: string;
  const tenants: Record<'a' | 'b', { id: string; token: string }> = {} as never;

  const stats = async (token: string) => {
    const response = await fetch(`${core.url}/v1/stats?source=vendor-x`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await response.json()) as SourceStats).entities.reduce((sum, e) => sum + e.count, 0);
  };
  const config = (token: string) => ({
    mappingPath: MAPPING,
    sourceUrl: `sqlite:${file}`,
    coreUrl: core.url,
    token,
    storeUrl: store,
    dryRun: false,
    concurrency: 2,
    partitionRows: 200,
    timezone: 'UTC',
  });
  /** A run of tenant A, stored with its tasks but not executed (as after a crash at its start). */
  const storedRun = async () => {
    const context = await openRunContext({ ...config(tenants.a.token), connections: 2 });
    try {
      return await createRun(context, config(tenants.a.token));
    } finally {
      await context.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-tenant-guard-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    for (const name of ['a', 'b'] as const) {
      const id = `guard-${name}-${process.pid}`;
      tenants[name] = { id, token: (await core.createTenant(id)).token };
    }
    file = join(dir, 'vendor-x.sqlite');
    store = join(dir, 'runs.sqlite');
    await generateVendorX(file, 300);
  });
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("records the run's tenant; `runs` shows it with the mode", async () => {
    const runId = await storedRun();
    const kept = await openRunStore(store);
    try {
      expect((await kept.getRun(runId))?.tenantId).toBe(tenants.a.id);
    } finally {
      await kept.close();
    }
    const listed = await onboard(['runs', '--store', store], tenants.a.token);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/run\s+status\s+tenant\s+mode\s+source/);
    expect(listed.stdout).toMatch(new RegExp(`${runId}\\s+planned\\s+${tenants.a.id}\\s+full\\s+vendor-x`));
  });

  it("refuses `onboard resume` with another tenant's token, naming both, and writes nothing", async () => {
    const runId = await storedRun();
    const resumed = await onboard(['resume', runId, '--store', store], tenants.b.token);
    expect(resumed.code).toBe(3);
    expect(resumed.stderr).toContain(`run ${runId} belongs to tenant ${tenants.a.id}`);
    expect(resumed.stderr).toContain(`tenant ${tenants.b.id}'s`);
    expect(resumed.stderr).not.toContain(tenants.b.token);
    expect(await stats(tenants.b.token)).toBe(0);
    const kept = await openRunStore(store);
    try {
      expect((await kept.getRun(runId))?.status).toBe('planned');
      expect((await kept.listTasks(runId)).every((t) => t.status === 'pending' && t.attempts === 0)).toBe(
        true,
      );
    } finally {
      await kept.close();
    }
    // The run's own tenant resumes it.
    const own = await onboard(['resume', runId, '--store', store], tenants.a.token);
    expect(own.code).toBe(0);
    expect(await stats(tenants.a.token)).toBeGreaterThan(0);
    expect(await stats(tenants.b.token)).toBe(0);
  });

  it("refuses a task (what a queue worker runs) holding another tenant's token before it writes", async () => {
    const runId = await storedRun();
    const context = await openRunContext({ ...config(tenants.b.token), connections: 2 });
    try {
      const [record] = await context.store.listTasks<PartitionTask>(runId);
      const resources = staticTaskResources({
        connector: context.connector,
        mapping: context.mapping,
        loader: new Loader(context.client, 2),
        store: context.store,
      });
      const attempt = runPartitionTask(record!.task, resources, new AbortController().signal);
      await expect(attempt).rejects.toBeInstanceOf(TenantMismatchError);
      await expect(attempt).rejects.toThrow(`belongs to tenant ${tenants.a.id}`);
      const [after] = await context.store.listTasks(runId);
      expect([after?.status, after?.attempts]).toEqual(['pending', 0]);
    } finally {
      await context.close();
    }
    expect(await stats(tenants.b.token)).toBe(0);
  });

  it('binds a run stored before tenants were recorded to the tenant that resumes it', async () => {
    const runId = await storedRun();
    const db = new Database(store);
    db.prepare('UPDATE onboard_runs SET tenant_id = NULL WHERE id = ?').run(runId);
    db.close();
    const own = await onboard(['resume', runId, '--store', store], tenants.a.token);
    expect(own.code).toBe(0);
    expect(own.stdout + own.stderr).toContain(`it is now bound to tenant ${tenants.a.id}`);
    const kept = await openRunStore(store);
    try {
      expect((await kept.getRun(runId))?.tenantId).toBe(tenants.a.id);
    } finally {
      await kept.close();
    }
  });
});

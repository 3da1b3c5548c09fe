import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SourceStats } from '@madeup/contract';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { BIN, MAPPING, outcome, runImport } from '../pipeline/pipeline-support.ts';
import { type CoreWorkspace, openCoreWorkspace } from '../support/core-workspace.ts';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.ts';

const ROWS = 300;
/** The Vendor X streams: each is a table of the source, read whole. */
const STREAMS = ['branch', 'emp', 'item', 'client', 'inv_hdr', 'inv_det', 'pmt'];

/**
 * `onboard run ... 2>&1 | head -1`: the reader closes stdout and stderr after the first line it
 * gets (on `first`), while the run's imports are held, so every later write of the run (progress,
 * summary, result line) meets a closed pipe. Resolves to the exit code.
 */
function runIntoClosedPipes(
  args: readonly string[],
  token: string,
  first: 'stdout' | 'stderr',
  closed: () => void,
): Promise<{ code: number | null; firstLine: string }> {
  return runUntilFirstLine(args, token, first, (child) => {
    child.stdout.destroy();
    child.stderr.destroy();
    closed();
  }).then(({ code, firstLine }) => ({ code, firstLine }));
}

/**
 * Spawns `onboard run`, calls `then` with the child when the first line comes on `first`, and
 * resolves to the exit code (and signal), the first line and everything read from stdout.
 */
function runUntilFirstLine(
  args: readonly string[],
  token: string,
  first: 'stdout' | 'stderr',
  then: (child: ChildProcessByStdio<null, Readable, Readable>) => void,
): Promise<{ code: number | null; signal: string | null; firstLine: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', ...args], {
      env: { ...process.env, ONBOARD_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const text = { stdout: '', stderr: '' };
    let firstLine = '';
    for (const name of ['stdout', 'stderr'] as const)
      child[name].on('data', (chunk: Buffer) => {
        text[name] += chunk.toString('utf8');
        if (name !== first || firstLine !== '' || !text[name].includes('\n')) return;
        firstLine = text[name].slice(0, text[name].indexOf('\n'));
        then(child);
      });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, firstLine, stdout: text.stdout }));
  });
}

describe('a run whose stdout and stderr are closed mid-run', () => {
  let ws: CoreWorkspace;
  let sourceRows: Record<string, number>;

  const stats = async (token: string) => {
    const response = await fetch(`${ws.core.url}/v1/stats?source=vendor-x`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await response.json()) as SourceStats).entities;
  };

  /** The expected end state: the same source moved by an undisturbed run into another tenant. */
  const referenceRun = async (name: string) => {
    const reference = await ws.core.createTenant(`closed-ref-${name}-${process.pid}`);
    const clean = await runImport({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${ws.file}`,
      coreUrl: ws.core.url,
      token: reference.token,
      storeUrl: join(ws.dir, `reference-${name}.sqlite`),
      dryRun: false,
      batchRecords: 50,
    });
    expect(clean.status).toBe('succeeded');
    return { token: reference.token, entities: clean.entities };
  };

  /** The run in `store` is the only one, succeeded, read every source row once; the tenant is the reference's. */
  const expectRecorded = async (
    store: string,
    tenantToken: string,
    reference: Awaited<ReturnType<typeof referenceRun>>,
  ) => {
    const runs = await openRunStore(store);
    try {
      const [run, ...others] = await runs.listRuns();
      expect(others).toEqual([]);
      expect(run?.status).toBe('succeeded');
      const totals = await runs.entityTotals(run?.id ?? '');
      expect(outcome(totals)).toEqual(outcome(reference.entities));
      // Every row of every source table was read, none twice.
      const read = Object.fromEntries(totals.map((t) => [t.entity, t.read]));
      expect(Object.values(read).reduce((a, b) => a + b, 0)).toBe(
        Object.values(sourceRows).reduce((a, b) => a + b, 0),
      );
    } finally {
      await runs.close();
    }
    expect(await stats(tenantToken)).toEqual(await stats(reference.token));
  };

  beforeAll(async () => {
    ws = await openCoreWorkspace('onboard-closed-output-', { rows: ROWS });
    const source = new Database(ws.file, { readonly: true });
    try {
      sourceRows = Object.fromEntries(
        STREAMS.map((t) => [
          t,
          (source.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n,
        ]),
      );
    } finally {
      source.close();
    }
  });
  afterAll(async () => {
    await ws?.close();
  });

  it.each([
    ['progress lines', 'stderr', []],
    ['--json', 'stdout', ['--json']],
  ] as const)(
    '%s: the run goes on without output, ends recorded and exits 0',
    async (_name, first, extra) => {
      const reference = await referenceRun(first);

      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const proxy: RecordingProxy = await startRecordingProxy(ws.core.url, { holdImports: held });
      const tenant = await ws.core.createTenant(`closed-${first}-${process.pid}`);
      const store = join(ws.dir, `runs-${first}.sqlite`);
      try {
        const args = ['--mapping', MAPPING, '--source', `sqlite:${ws.file}`, '--core', proxy.url];
        const flags = ['--store', store, '--batch-records', '50', '--concurrency', '2', ...extra];
        const result = await runIntoClosedPipes([...args, ...flags], tenant.token, first, release);
        expect(result.firstLine).toMatch(
          first === 'stderr' ? /^run r\S+: 7 entities$/ : /"event":"run\.start"/,
        );
        expect(proxy.importContentTypes.length).toBeGreaterThan(0);
        expect(result.code).toBe(0);
      } finally {
        release();
        await proxy.close();
      }

      await expectRecorded(store, tenant.token, reference);
    },
  );

  it('SIGHUP (the terminal went away): the run is not ended by it, ends recorded and exits 0', async () => {
    const reference = await referenceRun('hangup');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const proxy: RecordingProxy = await startRecordingProxy(ws.core.url, { holdImports: held });
    const tenant = await ws.core.createTenant(`closed-hangup-${process.pid}`);
    const store = join(ws.dir, 'runs-hangup.sqlite');
    try {
      const args = ['--mapping', MAPPING, '--source', `sqlite:${ws.file}`, '--core', proxy.url];
      const flags = ['--store', store, '--batch-records', '50', '--concurrency', '2'];
      // `kill -HUP` while the imports are held, as a shell does to its jobs when its terminal closes.
      const result = await runUntilFirstLine([...args, ...flags], tenant.token, 'stderr', (child) => {
        child.kill('SIGHUP');
        release();
      });
      expect(result.firstLine).toMatch(/^run r\S+: 7 entities$/);
      expect(proxy.importContentTypes.length).toBeGreaterThan(0);
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
      // stdout is a pipe, not the terminal: the summary still goes there.
      expect(result.stdout).toMatch(/^run r\S+: succeeded /m);
    } finally {
      release();
      await proxy.close();
    }
    await expectRecorded(store, tenant.token, reference);
  });

  // script(1) (util-linux) runs onboard on a terminal of its own (a pty); killing script closes
  // that terminal as a dropped ssh does: the kernel sends SIGHUP and every later write fails with
  // EIO (process.stderr for the progress lines, pino's stdout destination for --json).
  const SCRIPT = ['/usr/bin/script', '/bin/script'].find((path) => existsSync(path));
  it.skipIf(SCRIPT === undefined).each([
    ['progress lines', []],
    ['--json', ['--json']],
  ] as const)('a terminal that goes away (%s): the run ends recorded', async (name, extra) => {
    const tag = name === '--json' ? 'json' : 'lines';
    const reference = await referenceRun(`pty-${tag}`);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const proxy: RecordingProxy = await startRecordingProxy(ws.core.url, { holdImports: held });
    const tenant = await ws.core.createTenant(`closed-pty-${tag}-${process.pid}`);
    const store = join(ws.dir, `runs-pty-${tag}.sqlite`);
    try {
      const command = [process.execPath, BIN, 'run', '--mapping', MAPPING, '--source', `sqlite:${ws.file}`]
        .concat(['--core', proxy.url, '--store', store, '--batch-records', '50', ...extra])
        .join(' ');
      const terminal = spawn(SCRIPT ?? 'script', ['-qfec', command, '/dev/null'], {
        env: { ...process.env, ONBOARD_TOKEN: tenant.token },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      let text = '';
      await new Promise<void>((resolve, reject) => {
        terminal.on('error', reject);
        terminal.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('\n')) resolve();
        });
      });
      expect(text).toMatch(/^run r\S+|"event":"run\.start"/);
      const closed = new Promise((resolve) => terminal.on('exit', resolve));
      terminal.kill('SIGKILL');
      await closed;
      // The live display redraws every 200 ms: let it meet the closed terminal while the run is held.
      await sleep(500);
      release();
      // onboard is script's child: its end shows in the store.
      for (let waited = 0; waited < 20_000; waited += 200) {
        const runs = await openRunStore(store);
        const [run] = await runs.listRuns().finally(() => runs.close());
        if (run !== undefined && run.status !== 'planned' && run.status !== 'running') break;
        await sleep(200);
      }
    } finally {
      release();
      await proxy.close();
    }
    await expectRecorded(store, tenant.token, reference);
  });
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', ...args], {
      env: { ...process.env, ONBOARD_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    let firstLine = '';
    child[first].on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (firstLine !== '' || !text.includes('\n')) return;
      firstLine = text.slice(0, text.indexOf('\n'));
      child.stdout.destroy();
      child.stderr.destroy();
      closed();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, firstLine }));
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
      // The expected end state: the same source moved by an undisturbed run into another tenant.
      const reference = await ws.core.createTenant(`closed-ref-${first}-${process.pid}`);
      const clean = await runImport({
        mappingPath: MAPPING,
        sourceUrl: `sqlite:${ws.file}`,
        coreUrl: ws.core.url,
        token: reference.token,
        storeUrl: join(ws.dir, `reference-${first}.sqlite`),
        dryRun: false,
        batchRecords: 50,
      });
      expect(clean.status).toBe('succeeded');

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

      const runs = await openRunStore(store);
      try {
        const [run, ...others] = await runs.listRuns();
        expect(others).toEqual([]);
        expect(run?.status).toBe('succeeded');
        const totals = await runs.entityTotals(run?.id ?? '');
        expect(outcome(totals)).toEqual(outcome(clean.entities));
        // Every row of every source table was read, none twice.
        const read = Object.fromEntries(totals.map((t) => [t.entity, t.read]));
        expect(Object.values(read).reduce((a, b) => a + b, 0)).toBe(
          Object.values(sourceRows).reduce((a, b) => a + b, 0),
        );
      } finally {
        await runs.close();
      }
      expect(await stats(tenant.token)).toEqual(await stats(reference.token));
    },
  );
});

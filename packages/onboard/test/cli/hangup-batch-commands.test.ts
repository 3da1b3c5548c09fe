import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { BatchResult } from '../../src/store/run-records.ts';
import { BIN } from '../pipeline/pipeline-support.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

/** Rejected records in the run: enough that writing their CSV outlasts the hangup's delivery. */
const REJECTED = 60_000;
const PER_BATCH = 2_000;

/** Batch `seq` of `customer#0`: every row rejected, each with a reason and its source row. */
function rejectedBatch(runId: string, seq: number): BatchResult {
  const rejections = Array.from({ length: PER_BATCH }, (_, position) => ({
    position,
    entity: 'customer',
    externalId: `c-${seq}-${position}`,
    stage: 'core' as const,
    errors: [{ field: 'fields.email', code: 'invalid_format', message: 'not an e-mail' }],
    row: { id: `c-${seq}-${position}`, email: 'not-an-email', note: 'x'.repeat(200) },
  }));
  return {
    runId,
    taskId: 'customer#0',
    seq,
    entity: 'customer',
    rowsRead: PER_BATCH,
    skipped: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: PER_BATCH,
    checksumCount: 0,
    checksum: '0000000000000000',
    durationMs: 1,
    after: [seq],
    cursorMax: null,
    rejections,
  };
}

/**
 * `onboard COMMAND` with stdout and stderr on pipes; SIGHUP (what a closed terminal sends the
 * shell's jobs) as soon as the first line comes on stdout. Resolves to how it ended and its stdout.
 */
function hangUpAfterFirstLine(
  args: readonly string[],
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!sent && out.includes('\n')) {
        sent = true;
        child.kill('SIGHUP');
      }
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
}

/**
 * A terminal that goes away (ssh dropped, the window closed) while a command that finishes work
 * goes on: `report --rejected-csv FILE` keeps writing its file (the terminal output is lost, the
 * file is not), while `console`, which serves until stopped, ends with its terminal.
 */
describe('SIGHUP to the commands other than run, resume and worker', () => {
  let dir = '';
  let store = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-hangup-'));
    store = join(dir, 'runs.sqlite');
    const runs = await openRunStore(store);
    try {
      await createCustomerRun(runs, 'run-rejects', {}, 1);
      await runs.setRunStatus('run-rejects', 'running');
      for (let seq = 0; seq < REJECTED / PER_BATCH; seq += 1)
        await runs.recordBatch(rejectedBatch('run-rejects', seq));
      await runs.setRunStatus('run-rejects', 'failed', 'too many rejects');
    } finally {
      await runs.close();
    }
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('report --rejected-csv FILE: the hangup does not cut the file; every rejected record is in it, exit 0', async () => {
    const csv = join(dir, 'rejected.csv');
    const ended = await hangUpAfterFirstLine([
      'report',
      'run-rejects',
      '--store',
      store,
      '--rejected-csv',
      csv,
    ]);
    expect(ended).toEqual({ code: 0, signal: null });
    const lines = (await readFile(csv, 'utf8')).split('\r\n');
    expect(lines.at(-1)).toBe('');
    // The header, then one line per rejected record (no value holds a line break).
    expect(lines.length - 2).toBe(REJECTED);
    expect(lines.at(-2)).toContain(`c-${REJECTED / PER_BATCH - 1}-${PER_BATCH - 1}`);
  }, 120_000);

  it('console: it serves until stopped, and ends with its terminal', async () => {
    const ended = await hangUpAfterFirstLine(['console', '--store', store, '--port', '0']);
    expect(ended).toEqual({ code: null, signal: 'SIGHUP' });
  }, 120_000);
});

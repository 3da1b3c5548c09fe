import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { RunningCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropLeaves } from '../pipeline/mirror-support.ts';
import { BIN, MAPPING } from '../pipeline/pipeline-support.ts';
import { type CoreWorkspace, openCoreWorkspace } from '../support/core-workspace.ts';
import { runCli } from '../support/run-cli.ts';

/** `onboard ...args` as a child process, as a script would run it: exit code and output. */
function onboard(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env };
  for (const name of Object.keys(clean)) if (name.startsWith('ONBOARD_')) delete clean[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...clean, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const COMMANDS = [
  'discover',
  'check',
  'plan',
  'run',
  'resume',
  'runs',
  'report',
  'status',
  'prune',
  'worker',
];

describe('onboard exit codes', () => {
  let dir: string;
  let core: RunningCore;
  let file: string;
  let token: string;
  const run = (...extra: string[]) =>
    onboard(
      [
        'run',
        '--mapping',
        MAPPING,
        '--source',
        `sqlite:${file}`,
        '--core',
        core.url,
        '--store',
        join(dir, 'runs.sqlite'),
        '--partition-rows',
        '1000',
        ...extra,
      ],
      { ONBOARD_TOKEN: token },
    );

  let workspace: CoreWorkspace | undefined;

  beforeAll(async () => {
    workspace = await openCoreWorkspace('onboard-exit-', { rows: 300 });
    ({ dir, core, file } = workspace);
    token = (await core.createTenant(`exit-${process.pid}-${Date.now() % 100000}`)).token;
  }, 120_000);
  afterAll(() => workspace?.close());

  it('exits 2 for an unknown flag or a missing argument in every command', async () => {
    for (const name of COMMANDS) {
      const result = await runCli(name, '--no-such-flag');
      expect({ command: name, code: result.code }).toEqual({ command: name, code: 2 });
      expect(result.err).toMatch(/^error: /);
    }
    expect((await runCli('no-such-command')).code).toBe(2);
    expect((await runCli('run', '--source', 'sqlite:/x')).code).toBe(2);
    expect((await runCli('mapping', 'no-such-subcommand')).code).toBe(2);
    // And the real process exits with it.
    expect((await onboard(['run', '--no-such-flag'])).code).toBe(2);
    expect((await onboard(['--help'])).code).toBe(0);
  });

  it('exits 2 for a flag value of the wrong form', async () => {
    const bad = await run('--concurrency', 'many');
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'onboard: --concurrency must be a positive integer, got "many"\n',
    });
    const rejects = await run('--max-rejects', 'lots');
    expect(rejects.code).toBe(2);
    expect(rejects.stderr).toContain('--max-rejects must be a number of rows');
    expect((await run('--mirror', '--dry-run')).code).toBe(2);
  });

  it('exits 3 for a configuration or source problem', async () => {
    const noToken = await onboard([
      'run',
      '--mapping',
      MAPPING,
      '--source',
      `sqlite:${file}`,
      '--core',
      core.url,
    ]);
    expect(noToken).toMatchObject({
      code: 3,
      stderr: 'onboard: no API token: pass --token or set ONBOARD_TOKEN\n',
    });
    const unreachable = await onboard(
      [
        'run',
        '--mapping',
        MAPPING,
        '--source',
        'postgres://reader:pw-secret@127.0.0.1:1/vendor',
        '--core',
        core.url,
      ],
      { ONBOARD_TOKEN: token },
    );
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(
      /^onboard: cannot read the source postgres:\/\/reader:\*\*\*@127\.0\.0\.1:1\/vendor: /,
    );
  }, 60_000);

  it('exits 0 for a run within --max-rejects, 5 above it, and 5 for a reconciliation mismatch', async () => {
    const first = await run('--max-rejects', '100%');
    // The summary table is the result: on stdout, alone; progress stays on stderr.
    expect(first.stdout).toMatch(/^run \S+: succeeded in [\d.]+s\nentity .* checksum\n/);
    expect(first.stderr).not.toContain('checksum');
    expect(first.stderr).toMatch(/^run \S+: \d+ entities\n/);
    expect(first.code).toBe(0);
    const end = (await run('--json')).stdout
      .split('\n')
      .filter((line) => line.includes('"run.end"'))
      .map((line) => JSON.parse(line) as { entities: { rejected: number }[] })[0];
    const rejected = end?.entities.reduce((n, e) => n + e.rejected, 0) ?? 0;
    expect(rejected).toBeGreaterThan(0);

    const strict = await run('--max-rejects', String(rejected - 1));
    expect(strict.code).toBe(5);
    expect(strict.stderr).toMatch(
      new RegExp(`finished, but ${rejected} rows rejected, more than --max-rejects ${rejected - 1}`),
    );
    expect((await run('--max-rejects', String(rejected))).code).toBe(0);
    expect((await run('--max-rejects', '0%')).code).toBe(5);

    // Rows deleted from the source stay in core: the next (non-mirror) run cannot reconcile.
    dropLeaves(file, 10);
    const mismatch = await run();
    expect(mismatch.code).toBe(5);
    expect(mismatch.stderr).toMatch(/finished, but reconciliation mismatch for .*payments/);
  }, 240_000);
});

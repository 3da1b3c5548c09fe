import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ONBOARD = join(ROOT, 'packages/onboard/bin/onboard.js');
const CORE = join(ROOT, 'packages/core/bin/madeup-core.js');
const DEMO = join(ROOT, 'examples/demo.js');

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node file ...args` as a child process. With `closeStdout`, the read end of its stdout is
 * closed at once, as `| head -1` does after its line: every write the child makes then fails
 * with EPIPE.
 */
function node(file: string, args: readonly string[], closeStdout = false): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const STACK_LINE = /^\s+at .+[(:]\d+/m;

describe('CLI conventions: --version, EPIPE, no stacks', () => {
  let dir: string;
  let store: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-unix-'));
    store = join(dir, 'runs.sqlite');
    const runs = await openRunStore(store);
    try {
      await createCustomerRun(runs, 'run-pipe', {}, 3);
    } finally {
      await runs.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('both CLIs print their package version with --version and -V, exit 0', async () => {
    for (const [bin, pkg] of [
      [ONBOARD, 'packages/onboard/package.json'],
      [CORE, 'packages/core/package.json'],
    ] as const) {
      const { version } = JSON.parse(await readFile(join(ROOT, pkg), 'utf8')) as { version: string };
      for (const flag of ['--version', '-V']) {
        expect(await node(bin, [flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
      }
    }
  });

  it('onboard report RUN | head -1: a closed stdout ends the command quietly, exit 0', async () => {
    const result = await node(ONBOARD, ['report', 'run-pipe', '--store', store], true);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // The same report into an open pipe really writes: the test above did hit EPIPE.
    expect((await node(ONBOARD, ['report', 'run-pipe', '--store', store])).stdout).toContain('run run-pipe');
  });

  it('madeup-core --help into a closed pipe ends quietly too', async () => {
    expect(await node(CORE, ['--help'], true)).toMatchObject({ code: 0, stderr: '' });
  });

  it('madeup-core: a usage error exits 2, like onboard', async () => {
    const result = await node(CORE, ['no-such-command']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-command'");
    // Flags that exclude each other are a usage error too, not a failure (was exit 1).
    const both = await node(CORE, ['token', 'create']);
    expect(both).toMatchObject({
      code: 2,
      stderr: 'madeup-core: give exactly one of --tenant ID and --admin\n',
    });
  });

  it('the demo answers --help, refuses a bad --rows with exit 2, and prints no stack', async () => {
    const help = await node(DEMO, ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('usage: npm run demo');
    for (const rows of ['abc', '0', '1.5', '']) {
      const bad = await node(DEMO, ['--rows', rows]);
      expect(bad.code, rows).toBe(2);
      expect(bad.stderr, rows).toContain(`--rows must be a whole number of at least 1, not "${rows}"`);
      expect(bad.stderr, rows).not.toMatch(STACK_LINE);
    }
    const unknown = await node(DEMO, ['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    expect(unknown.stderr).not.toMatch(STACK_LINE);
  });

  it('a bin without its sources or dependencies says so in one line (run npm ci), exit 1, no stack', async () => {
    for (const bin of [ONBOARD, CORE]) {
      const copy = join(dir, 'partial', 'bin', bin.endsWith('onboard.js') ? 'onboard.js' : 'madeup-core.js');
      await mkdir(join(dir, 'partial', 'bin'), { recursive: true });
      await copyFile(bin, copy);
      const result = await node(copy, ['--help']);
      expect(result.code, bin).toBe(1);
      expect(result.stderr, bin).toMatch(
        /^(onboard|madeup-core): cannot load its code: Cannot find module .*; run `npm ci` in the repository it comes from\n$/,
      );
      expect(result.stderr, bin).not.toMatch(STACK_LINE);
    }
  });

  it('an unknown run is one line on stderr, exit 3, no stack', async () => {
    const result = await node(ONBOARD, ['report', 'nope', '--store', store]);
    expect(result).toEqual({ code: 3, stdout: '', stderr: 'onboard: no run nope in the run store\n' });
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { heavyPackagesIn, loadedModules, missingPackageHook } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/onboard.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../../../../examples/demo.js', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-lazy-loading-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each command loads its implementation when it runs (`import()` in its action): printing the
// version, a help text or a usage error must not load the drivers, the console's server or BullMQ
// (docs/testing.md, "How long it takes").
describe('onboard start-up', () => {
  it.each([
    [['--version'], 0],
    [['--help'], 0],
    [['run', '--help'], 0],
    [['check'], 2],
  ])('%j loads no driver, server or queue', async (args, code) => {
    const run = await loadedModules(BIN, args);
    expect(run.code, run.stderr).toBe(code);
    // The probe works: the command line itself is among what was loaded.
    expect(run.modules.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    expect(heavyPackagesIn(run.modules)).toEqual([]);
  });

  it('the demo (npm run demo) loads neither core nor the generator for --help', async () => {
    const run = await loadedModules(DEMO, ['--help']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('usage: npm run demo');
    expect(run.modules.some((url) => url.includes('/packages/contract/'))).toBe(true);
    expect(heavyPackagesIn(run.modules)).toEqual([]);
  });

  it('a command whose dependency is missing says so in one line (run npm ci), exit 1, as the bin does', async () => {
    const hook = await missingPackageHook(dir, 'better-sqlite3');
    const { ONBOARD_DEBUG: _, ...env } = process.env;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', hook, BIN, 'runs', '--store', join(dir, 'runs.sqlite')],
        { env },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(
        /^onboard: cannot load its code: Cannot find package 'better-sqlite3' imported from \S+; run `npm ci` in the repository it comes from\n$/,
      ),
    });
  });
});

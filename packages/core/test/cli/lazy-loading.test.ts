import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { heavyPackagesIn, loadedModules, missingPackageHook } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/madeup-core.js', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-lazy-loading-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each command loads its implementation when it runs (`import()` in its action): printing the
// version, a help text or a usage error must not load the drivers, Fastify or the model, which cost
// about a CPU second at every start (docs/testing.md, "How long it takes").
describe('madeup-core start-up', () => {
  const { MADEUP_ADMIN_TOKEN: _, ...env } = process.env;
  it.each([
    [['--version'], 0],
    [['--help'], 0],
    [['serve', '--help'], 0],
    [['tenant', 'create', '--help'], 0],
    [['tenant', 'list'], 1],
  ])('%j loads no driver, server or queue', async (args, code) => {
    const run = await loadedModules(BIN, args, env);
    expect(run.code, run.stderr).toBe(code);
    // The probe works: the command line itself is among what was loaded.
    expect(run.modules.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    expect(heavyPackagesIn(run.modules)).toEqual([]);
  });

  it('a command whose dependency is missing says so in one line (run npm ci), exit 1, as the bin does', async () => {
    const hook = await missingPackageHook(dir, 'better-sqlite3');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', hook, BIN, 'migrate', '--data-dir', join(dir, 'data')],
        (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(
        /^madeup-core: cannot load its code: Cannot find package 'better-sqlite3' imported from \S+; run `npm ci` in the repository it comes from\n$/,
      ),
    });
  });
});

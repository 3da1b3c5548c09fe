import { execFile } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function exec(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * What README.md tells a user to do: `npm install -g ./packages/onboard ./packages/core` (the same
 * links as `npm link`), here into a private prefix, offline, then both commands by their bare
 * names from an unrelated directory, through the symlinks npm made.
 */
describe('both CLIs installed with npm install -g of their folders', () => {
  let prefix: string;
  let elsewhere: string;
  /** Node.js 24 first (the bins' `#!/usr/bin/env node`), then the private global bin folder. */
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    prefix = await mkdtemp(join(tmpdir(), 'onboard-global-'));
    elsewhere = await mkdtemp(join(tmpdir(), 'onboard-cwd-'));
    env = {
      ...process.env,
      PATH: [join(prefix, 'bin'), dirname(process.execPath), process.env.PATH].join(delimiter),
    };
    // npm from the PATH (the machine's), running on the Node.js put first.
    const installed = await exec(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        join(ROOT, 'packages/onboard'),
        join(ROOT, 'packages/core'),
      ],
      { cwd: elsewhere, env },
    );
    expect(installed.code, installed.stderr).toBe(0);
  }, 150_000);
  afterAll(async () => {
    await rm(prefix, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('puts symlinks to the bins on the global bin folder, and they run from another directory', async () => {
    for (const [name, pkg] of [
      ['onboard', 'packages/onboard'],
      ['madeup-core', 'packages/core'],
    ] as const) {
      expect(await realpath(join(prefix, 'bin', name))).toBe(
        await realpath(join(ROOT, pkg, 'bin', `${name}.js`)),
      );
      const { version } = JSON.parse(await readFile(join(ROOT, pkg, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(await exec(name, ['--version'], { cwd: elsewhere, env })).toEqual({
        code: 0,
        stdout: `${version}\n`,
        stderr: '',
      });
    }
    const help = await exec('onboard', ['run', '--help'], { cwd: elsewhere, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: onboard run');
  });
});

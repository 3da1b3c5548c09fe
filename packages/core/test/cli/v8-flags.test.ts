import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/madeup-core.js', import.meta.url));

let dir: string;
let probe: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-v8-flags-'));
  probe = join(dir, 'probe.mjs');
  // Preloaded into every Node.js start of the process: says which process it is and its flags.
  await writeFile(
    probe,
    "process.stderr.write('probe ' + process.pid + ' ' + (process.env.GLIBC_TUNABLES ?? '-') + ' ' + JSON.stringify(process.execArgv) + '\\n');\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * Runs the bin with `args` (and `nodeArgs` before it, `GLIBC_TUNABLES` set to `tunables` or unset);
 * gives its pid, stdout and each start's flags and malloc tunables ('-': none).
 */
function core(
  args: readonly string[],
  nodeOptions = '',
  nodeArgs: readonly string[] = [],
  tunables?: string,
): Promise<{ pid: number; stdout: string; starts: { pid: number; tunables: string; flags: string[] }[] }> {
  const { GLIBC_TUNABLES: _, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...nodeArgs, BIN, ...args],
      {
        env: {
          ...env,
          NODE_OPTIONS: `--import ${probe} ${nodeOptions}`,
          ...(tunables === undefined ? {} : { GLIBC_TUNABLES: tunables }),
        },
      },
      (error, stdout, stderr) => {
        if (error) reject(error);
        const starts = stderr
          .split('\n')
          .filter((line) => line.startsWith('probe '))
          .map((line) => {
            const [, pid, tunables = '', ...flags] = line.split(' ');
            return { pid: Number(pid), tunables, flags: JSON.parse(flags.join(' ')) as string[] };
          });
        resolve({ pid: child.pid as number, stdout, starts });
      },
    );
  });
}

describe('the madeup-core bin', () => {
  it('restarts serve once, as the same process, with a 16 MiB young generation and a slower growing old one', async () => {
    const { pid, stdout, starts } = await core(['serve', '--help']);
    expect(stdout).toMatch(/serve/);
    expect(starts).toEqual([
      { pid, tunables: '-', flags: [] },
      { pid, tunables: '-', flags: ['--max-semi-space-size=16', '--heap-growing-percent=100'] },
    ]);
  });

  it('keeps a growing factor given to it, and the environment as it is', async () => {
    const { starts } = await core(
      ['serve', '--help'],
      '',
      ['--heap-growing-percent=0'],
      'glibc.malloc.arena_max=2',
    );
    expect(starts.map((s) => s.flags)).toEqual([
      ['--heap-growing-percent=0'],
      ['--max-semi-space-size=16', '--heap-growing-percent=0'],
    ]);
    expect(starts.map((s) => s.tunables)).toEqual(['glibc.malloc.arena_max=2', 'glibc.malloc.arena_max=2']);
  });

  it('does not restart the other commands', async () => {
    const { starts } = await core(['--version']);
    expect(starts).toHaveLength(1);
  });

  it('keeps a young generation size given to it, without restarting', async () => {
    expect((await core(['serve', '--help'], '--max-semi-space-size=0')).starts).toHaveLength(1);
    const { starts } = await core(['serve', '--help'], '', ['--max-semi-space-size=32']);
    expect(starts).toEqual([{ pid: starts[0]?.pid, tunables: '-', flags: ['--max-semi-space-size=32'] }]);
  });
});

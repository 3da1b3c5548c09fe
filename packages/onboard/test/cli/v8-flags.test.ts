import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ONBOARD = join(ROOT, 'packages/onboard/bin/onboard.js');

let dir: string;
let probe: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-v8-flags-'));
  probe = join(dir, 'probe.mjs');
  // Preloaded into every Node.js start of the process: says which process it is and its flags.
  await writeFile(
    probe,
    "process.stderr.write('probe ' + process.pid + ' ' + (process.env.GLIBC_TUNABLES ?? '-') + ' ' + JSON.stringify(process.execArgv) + '\\n');\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A command that runs (and so restarts), yet only prints: the JSON Schema of mapping files. */
const COMMAND = ['mapping', 'schema'];

function onboard(
  nodeOptions: string,
  tunables?: string,
  nodeArgs: readonly string[] = [],
  args: readonly string[] = COMMAND,
): Promise<{ pid: number; stdout: string; probes: string[][] }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...nodeArgs, ONBOARD, ...args],
      {
        env: {
          ...withoutTunables(),
          NODE_OPTIONS: nodeOptions,
          ...(tunables === undefined ? {} : { GLIBC_TUNABLES: tunables }),
        },
      },
      (error, stdout, stderr) => {
        if (error) reject(error);
        const probes = stderr
          .split('\n')
          .filter((line) => line.startsWith('probe '))
          .map((line) => line.split(' '));
        resolve({ pid: child.pid as number, stdout, probes });
      },
    );
  });
}

function withoutTunables(): NodeJS.ProcessEnv {
  const { GLIBC_TUNABLES: _, ...env } = process.env;
  return env;
}

describe('the onboard bin', () => {
  it('restarts itself once, as the same process, with a bounded young generation, a slower growing old one and fixed malloc thresholds', async () => {
    const { pid, stdout, probes } = await onboard(`--import ${probe}`);
    expect(JSON.parse(stdout)).toMatchObject({ title: 'onboard mapping' });
    expect(probes).toHaveLength(2);
    expect(probes.map((p) => Number(p[1]))).toEqual([pid, pid]);
    expect(probes.map((p) => p[2])).toEqual([
      '-',
      'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072',
    ]);
    expect(JSON.parse(probes[0]?.slice(3).join(' ') ?? '')).toEqual([]);
    expect(JSON.parse(probes[1]?.slice(3).join(' ') ?? '')).toEqual([
      '--max-semi-space-size=16',
      '--heap-growing-percent=100',
    ]);
  });

  it('keeps a growing factor given to it', async () => {
    const { probes } = await onboard(`--import ${probe}`, undefined, ['--heap-growing-percent=80']);
    expect(probes).toHaveLength(2);
    expect(JSON.parse(probes[1]?.slice(3).join(' ') ?? '')).toEqual([
      '--max-semi-space-size=16',
      '--heap-growing-percent=80',
    ]);
  });

  it('keeps malloc tunables given to it', async () => {
    const { probes } = await onboard(`--import ${probe}`, 'glibc.malloc.arena_max=2');
    expect(probes.map((p) => p[2])).toEqual(['glibc.malloc.arena_max=2', 'glibc.malloc.arena_max=2']);
  });

  it('keeps a young generation size given to it, without restarting', async () => {
    const { probes } = await onboard(`--import ${probe} --max-semi-space-size=4`);
    expect(probes).toHaveLength(1);
  });

  it('does not restart a command line that only prints a text (version, help)', async () => {
    for (const args of [['--version'], ['--help'], ['-h'], ['run', '--help'], ['help', 'run']]) {
      const { stdout, probes } = await onboard(`--import ${probe}`, undefined, [], args);
      expect(stdout, args.join(' ')).not.toBe('');
      expect(probes, args.join(' ')).toHaveLength(1);
    }
  });
});

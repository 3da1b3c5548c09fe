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
    "process.stderr.write('probe ' + process.pid + ' ' + JSON.stringify(process.execArgv) + '\\n');\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function onboard(nodeOptions: string): Promise<{ pid: number; stdout: string; probes: string[][] }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [ONBOARD, '--version'],
      { env: { ...process.env, NODE_OPTIONS: nodeOptions } },
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

describe('the onboard bin', () => {
  it('restarts itself once, as the same process, with a bounded young generation', async () => {
    const { pid, stdout, probes } = await onboard(`--import ${probe}`);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(probes).toHaveLength(2);
    expect(probes.map((p) => Number(p[1]))).toEqual([pid, pid]);
    expect(JSON.parse(probes[0]?.slice(2).join(' ') ?? '')).toEqual([]);
    expect(JSON.parse(probes[1]?.slice(2).join(' ') ?? '')).toEqual(['--max-semi-space-size=16']);
  });

  it('keeps a young generation size given to it, without restarting', async () => {
    const { probes } = await onboard(`--import ${probe} --max-semi-space-size=4`);
    expect(probes).toHaveLength(1);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { BIN, MAPPING } from './pipeline-support.ts';

function onboard(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env };
  delete clean['ONBOARD_TOKEN'];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...clean, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('onboard CLI errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for a token instead of starting without one', async () => {
    const result = await onboard([
      'run',
      '--mapping',
      MAPPING,
      '--source',
      'sqlite:/nope.sqlite',
      '--core',
      'http://127.0.0.1:9',
      '--store',
      join(dir, 's.sqlite'),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe('onboard: no API token: pass --token or set ONBOARD_TOKEN');
  });

  it('names an unreachable core without printing the token', async () => {
    const token = 'mut_SECRET_never_printed';
    const result = await onboard(
      [
        'plan',
        '--mapping',
        MAPPING,
        '--source',
        'sqlite:/nope.sqlite',
        '--core',
        'http://user:pw-secret@127.0.0.1:9',
        '--store',
        join(dir, 's.sqlite'),
      ],
      // One attempt: the message, not the retries, is under test (10 attempts took 63 s).
      { ONBOARD_TOKEN: token, ONBOARD_CORE_ATTEMPTS: '1' },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('onboard: core is not reachable at http://user:***@127.0.0.1:9 (');
    expect(result.stderr + result.stdout).not.toContain(token);
    expect(result.stderr).not.toContain('pw-secret');
  });

  it('reports an unknown run and an empty history clearly', async () => {
    const store = join(dir, 'empty.sqlite');
    // An empty store, as a run that never got past planning leaves: reading commands create none.
    await (await openRunStore(store)).close();
    expect((await onboard(['report', 'r-nope', '--store', store])).stderr.trim()).toBe(
      'onboard: no run r-nope in the run store',
    );
    expect((await onboard(['runs', '--store', store])).stdout).toContain('no runs yet');
  });
});

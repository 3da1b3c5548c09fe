import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { BIN, ROOT } from '../pipeline/pipeline-support.ts';
import { runCli } from '../support/run-cli.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

describe('onboard console (the command)', () => {
  let dir: string;
  let store: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-console-cli-'));
    store = join(dir, 'runs.sqlite');
    const runs = await openRunStore(store);
    await createCustomerRun(runs, 'run-1', {}, 1);
    await runs.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the address with the token once on stdout, logs without it on stderr, serves, stops on SIGTERM with 0', async () => {
    const child = spawn(process.execPath, [BIN, 'console', '--store', store, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ONBOARD_CONSOLE_TOKEN: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    try {
      while (!out.includes('\n')) {
        if (child.exitCode !== null) throw new Error(`console exited ${child.exitCode}: ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const match = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{32})\n$/.exec(out);
      expect(match, out).not.toBeNull();
      const [, port, token] = match as RegExpExecArray;
      expect(err).toContain(`on http://127.0.0.1:${port}/`);
      expect(err).not.toContain(token);
      const runs = await fetch(`http://127.0.0.1:${port}/api/runs`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await runs.json()) as { id: string }[]).map((r) => r.id)).toEqual(['run-1']);
      expect((await fetch(`http://127.0.0.1:${port}/api/runs`)).status).toBe(401);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('no store there: exit 3 and nothing created; a bad port or short token: exit 2', async () => {
    const missing = join(dir, 'typo', 'runs.sqlite');
    const absent = await runCli('console', '--store', missing, '--port', '0');
    expect(absent.code).toBe(3);
    expect(absent.err).toContain(`no run store at ${missing}`);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    for (const port of ['x', '70000', '-1']) {
      const bad = await runCli('console', '--store', store, '--port', port);
      expect(bad.code, port).toBe(2);
    }
    const short = await runCli('console', '--store', store, '--token', 'short');
    expect(short).toMatchObject({ code: 2, err: 'onboard: --token must be at least 16 characters long\n' });
  });

  it('a port in use: exit 3, saying so', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      const result = await runCli('console', '--store', store, '--port', String(port));
      expect(result.code).toBe(3);
      expect(result.err).toContain(`port 127.0.0.1:${port} is in use: pick another with --port`);
    } finally {
      busy.close();
    }
  });
});

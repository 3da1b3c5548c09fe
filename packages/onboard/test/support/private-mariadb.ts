import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './private-postgres.ts';

const exec = promisify(execFile);

/** A MariaDB server of the test's own, on a free port of 127.0.0.1, stopped and deleted by `stop()`. */
export interface PrivateMariadb {
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/**
 * Starts a private MariaDB (mariadb-install-db + mariadbd) without grant tables (any user gets
 * in, so the test needs no accounts). `prepare(dir)` runs first: it may write files there
 * (certificates) and gives the server options (`--name=value`) to start with.
 */
export async function startPrivateMariadb(
  prepare: (dir: string) => Promise<Readonly<Record<string, string>>> = async () => ({}),
): Promise<PrivateMariadb> {
  const dir = await mkdtemp(join(tmpdir(), 'onboard-maria-'));
  const data = join(dir, 'data');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const user = asRoot ? ['--user=mysql'] : [];
    if (asRoot) await exec('chown', ['mysql:mysql', dir]);
    await exec('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${data}`,
      ...user,
      '--skip-test-db',
      '--auth-root-authentication-method=normal',
    ]);
    const options = await prepare(dir);
    if (asRoot) await exec('chown', ['-R', 'mysql:mysql', dir]);
    child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--socket=${join(dir, 'mysqld.sock')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--skip-grant-tables',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=16M',
        ...user,
        ...Object.entries(options).map(([name, value]) => `--${name}=${value}`),
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}`);
      if (await accepts(port)) break;
      if (i > 300) throw new Error('mariadbd did not start within 60 s');
      await sleep(200);
    }
    return { port, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

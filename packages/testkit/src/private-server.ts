import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);

/** How a private server is stopped: cleanly (`fast`: clients are told) or by a crash (`immediate`). */
export type StopMode = 'fast' | 'immediate';

/**
 * A database server of the test's own (own data folder, socket and port), for tests that stop and
 * start it. Never one of the shared servers.
 */
export interface PrivateServer {
  readonly kind: 'postgres' | 'mysql';
  /** The URL without a database name, like the shared servers' (`postgres://postgres@127.0.0.1:N`). */
  readonly url: string;
  /** Stops the server; `immediate` kills it (PostgreSQL `-m immediate`, MariaDB SIGKILL). */
  stop(mode: StopMode): Promise<void>;
  /** Starts it again on the same port and data folder and waits until it accepts logins. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its data folder. */
  destroy(): Promise<void>;
}

/** How a private server is set up beyond the defaults. */
export interface PrivateServerOptions {
  /**
   * Runs once before the first start, with the server's own folder: it may write files there
   * (certificates, keys) and returns settings to start with (PostgreSQL `-c name=value`, MariaDB
   * `--name=value`), e.g. `{ ssl: 'on', ssl_cert_file: … }`.
   */
  readonly prepare?: (dir: string) => Promise<Readonly<Record<string, string>>>;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The folder of PostgreSQL's server tools: `MADEUP_TEST_PG_BIN`, else none when `initdb` is on the
 * PATH, else the newest `/usr/lib/postgresql/<version>/bin` (Debian keeps them off the PATH).
 */
function postgresBin(): string {
  const given = process.env['MADEUP_TEST_PG_BIN'];
  if (given !== undefined && given !== '') return given;
  const onPath = (process.env['PATH'] ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'initdb')));
  if (onPath) return '';
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? '' : join(root, newest, 'bin');
}
const pgTool = (name: string) => {
  const bin = postgresBin();
  return bin === '' ? name : join(bin, name);
};

/** PostgreSQL refuses to run as root: run its tools as the `postgres` OS user then. */
function asPostgresUser(command: string, args: readonly string[]): [string, string[]] {
  const root = process.getuid?.() === 0;
  return root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

/** A private PostgreSQL cluster (`initdb` into a temp folder, `pg_ctl` on a free port, trust auth). */
export async function startPrivatePostgres(options: PrivateServerOptions = {}): Promise<PrivateServer> {
  const dir = await mkdtemp(join(tmpdir(), 'madeup-pg-'));
  const own = async () => {
    if (process.getuid?.() === 0) await run('chown', ['-R', 'postgres:postgres', dir]);
  };
  await own();
  const data = join(dir, 'data');
  const port = await freePort();
  const pg = async (command: string, args: readonly string[]) => {
    const [bin, argv] = asPostgresUser(pgTool(command), args);
    await run(bin, argv, { timeout: 60_000 });
  };
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const settings = Object.entries((await options.prepare?.(dir)) ?? {})
    .map(([name, value]) => ` -c ${name}=${value}`)
    .join('');
  await own();
  let running = false;
  const server: PrivateServer = {
    kind: 'postgres',
    url: `postgres://postgres@127.0.0.1:${port}`,
    async start() {
      const flags = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60${settings}`;
      await pg('pg_ctl', ['-D', data, '-o', flags, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop(mode) {
      await pg('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async destroy() {
      if (running) await server.stop('immediate').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  // A test process that dies without its afterAll must not leave the cluster running.
  process.once('exit', () => {
    if (!running) return;
    const [bin, argv] = asPostgresUser(pgTool('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
    try {
      execFileSync(bin, argv, { stdio: 'ignore', timeout: 10_000 });
    } catch {}
  });
  try {
    await server.start();
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return server;
}

/** A private MariaDB (`mariadb-install-db` into a temp folder, `mariadbd` on a free port and its own socket). */
export async function startPrivateMariadb(options: PrivateServerOptions = {}): Promise<PrivateServer> {
  const dir = await mkdtemp(join(tmpdir(), 'madeup-my-'));
  const data = join(dir, 'data');
  // Its own folder for temporary tables too: not /tmp, which every other MariaDB server shares.
  const temp = join(dir, 'tmp');
  await mkdir(temp);
  const port = await freePort();
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  await run(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--tmpdir=${temp}`,
      ...user,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { timeout: 60_000 },
  );
  const settings = Object.entries((await options.prepare?.(dir)) ?? {}).map(
    ([name, value]) => `--${name}=${value}`,
  );
  let child: ChildProcess | undefined;
  const server: PrivateServer = {
    kind: 'mysql',
    url: `mysql://root@127.0.0.1:${port}`,
    async start() {
      const started = spawn(
        'mariadbd',
        [
          '--no-defaults',
          `--datadir=${data}`,
          `--tmpdir=${temp}`,
          `--socket=${join(dir, 'sock')}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--pid-file=${join(dir, 'pid')}`,
          `--log-error=${join(dir, 'error.log')}`,
          '--skip-log-bin',
          // 2: each commit reaches the OS, so it survives a SIGKILL of the server (not of the machine).
          '--innodb-flush-log-at-trx-commit=2',
          '--innodb-buffer-pool-size=32M',
          ...user,
          ...settings,
        ],
        { stdio: 'ignore' },
      );
      child = started;
      await waitForMariadb(port, started, dir);
    },
    async stop(mode) {
      const current = child;
      if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill(mode === 'fast' ? 'SIGTERM' : 'SIGKILL');
      await exited;
      child = undefined;
    },
    async destroy() {
      await server.stop('immediate');
      await rm(dir, { recursive: true, force: true });
    },
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  try {
    await server.start();
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return server;
}

async function waitForMariadb(port: number, child: ChildProcess, dir: string): Promise<void> {
  const mysql = await import('mysql2/promise');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
      throw new Error(`mariadbd exited with ${child.exitCode}:\n${log.slice(-2000)}`);
    }
    try {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await connection.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a private server of `kind` for the enclosing `describe` and destroys it after (also when a
 * test failed). Returns a getter, valid inside tests and hooks.
 */
export function usePrivateServer(kind: 'postgres' | 'mysql'): () => PrivateServer {
  let server: PrivateServer | undefined;
  beforeAll(async () => {
    server = kind === 'postgres' ? await startPrivatePostgres() : await startPrivateMariadb();
  });
  afterAll(async () => {
    await server?.destroy();
  });
  return () => {
    if (server === undefined)
      throw new Error('usePrivateServer: the server runs only inside tests and hooks');
    return server;
  };
}

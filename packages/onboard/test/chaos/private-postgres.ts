import { execFile } from 'node:child_process';
import { access, chown, constants, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

/** Where Debian puts the server's programs (`initdb` and `pg_ctl` are often not on the PATH). */
const DEBIAN_DIR = '/usr/lib/postgresql';

/**
 * A PostgreSQL cluster of its own (initdb into a temporary folder, its own port and socket folder),
 * so a test can kill it without touching the shared server. Started as the `postgres` OS user when
 * the test runs as root (the server refuses to run as root).
 */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:PORT` (trust authentication, local only). */
  readonly url: string;
  readonly port: number;
  /** SIGKILL to the postmaster and every server process at once, as a machine crash would; waits until they are gone. */
  kill(): Promise<void>;
  /** Starts the cluster again (crash recovery included) and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster (immediate mode, or SIGKILL if that fails) and removes its folder. */
  destroy(): Promise<void>;
}

/** The newest installed version's `program` under /usr/lib/postgresql, else the bare name (PATH). */
async function which(program: string): Promise<string> {
  const versions = await readdir(DEBIAN_DIR).catch(() => [] as string[]);
  for (const version of versions.sort((x, y) => Number(y) - Number(x))) {
    const path = join(DEBIAN_DIR, version, 'bin', program);
    if (
      await access(path, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return program;
}

/** Runs a server program, as the `postgres` user when we are root. */
async function asServerUser(program: string, args: readonly string[]): Promise<string> {
  const path = await which(program);
  const [command, argv] =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, [...args]];
  try {
    const { stdout } = await run(command, argv, { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT')
      throw new Error(
        `${program} not found (PATH or ${DEBIAN_DIR}/*/bin): a private cluster needs PostgreSQL's server programs`,
      );
    throw new Error(`${program} ${args.join(' ')} failed: ${stderr ?? String(error)}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of a process's children, read from /proc (no `pgrep` needed). */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number);
}

/** Creates and starts a private cluster; `destroy()` it in `afterAll`. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'chaos-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  if (process.getuid?.() === 0) await chown(dir, Number((await run('id', ['-u', 'postgres'])).stdout), 0);
  await asServerUser('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  // fsync off: a SIGKILL of the server keeps what it wrote in the OS page cache, so crash recovery
  // is exercised the same, and the machine's disk is spared.
  await writeFile(
    join(data, 'postgresql.auto.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'full_page_writes = off',
      'max_connections = 200',
      "shared_buffers = '64MB'",
      '',
    ].join('\n'),
  );
  const start = async () => {
    await asServerUser('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '120', 'start']);
  };
  const postmaster = async () => {
    const text = await readFile(join(data, 'postmaster.pid'), 'utf8').catch(() => '');
    const pid = Number(text.split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  };
  const kill = async () => {
    const pid = await postmaster();
    if (pid === undefined) return;
    const all = [pid, ...(await childrenOf(pid))];
    for (const p of all) process.kill(p, 'SIGKILL');
    for (let i = 0; i < 400 && all.some(alive); i++) await sleep(25);
  };
  await start();
  return {
    url,
    port,
    kill,
    start,
    async destroy() {
      await asServerUser('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => kill());
      await rm(dir, { recursive: true, force: true });
    },
  };
}

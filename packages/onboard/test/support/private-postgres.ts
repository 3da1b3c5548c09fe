import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** A PostgreSQL server of the test's own, on a free port, stopped and deleted by `stop()`. */
export interface PrivatePostgres {
  readonly port: number;
  /** The temporary folder holding its data (and whatever the test wrote there). */
  readonly dir: string;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder (Debian layout), or PATH. */
function pgBin(name: string): string {
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return `/usr/lib/postgresql/${versions[0]}/bin/${name}`;
  } catch {
    // not Debian's layout
  }
  return name;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the `postgres` OS user when this process is root (initdb refuses root). */
function runPg(program: string, args: readonly string[]): Promise<unknown> {
  const bin = pgBin(program);
  return asRoot ? exec('runuser', ['-u', 'postgres', '--', bin, ...args]) : exec(bin, [...args]);
}

/**
 * Starts a private PostgreSQL (initdb + pg_ctl) with trust authentication on 127.0.0.1 and a free
 * port. `prepare(dir)` runs before the start: it may write files there (certificates) and gives
 * the server settings (`-c name=value`) to start with.
 */
export async function startPrivatePostgres(
  prepare: (dir: string) => Promise<Readonly<Record<string, string>>> = async () => ({}),
): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'onboard-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const own = async () => {
    if (asRoot) await exec('chown', ['-R', 'postgres:postgres', dir]);
  };
  let started = false;
  const stop = async () => {
    if (started) await runPg('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => {});
    started = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await own();
    await runPg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const settings = await prepare(dir);
    await own();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' ');
    started = true;
    await runPg('pg_ctl', [
      'start',
      '-D',
      data,
      '-o',
      options,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
    ]);
    return { port, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { reapedChildrenCpuSeconds } from './proc-cpu.ts';

const INSTALL_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'install-pgloader.sh');

/** pgloader on this machine: its version, or why it is not there. */
export type PgloaderAvailability =
  | { readonly available: true; readonly version: string }
  | { readonly available: false; readonly reason: string };

/**
 * Makes sure pgloader is installed, installing the Debian package when it is absent
 * (`install-pgloader.sh`: apt-get update, then apt-get install -y pgloader). Never throws: when it
 * cannot be installed, says why.
 */
export async function ensurePgloader(): Promise<PgloaderAvailability> {
  const run = promisify(execFile);
  try {
    await run('sh', [INSTALL_SCRIPT], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const reason =
      stderr
        .split('\n')
        .filter((l) => l.startsWith('install-pgloader:'))
        .pop()
        ?.replace('install-pgloader: ', '') ?? (error as Error).message;
    return { available: false, reason };
  }
  const version = (await run('pgloader', ['--version'])).stdout.split('\n')[0]?.trim() ?? '';
  // `dpkg-query -W pgloader` prints "pgloader<TAB>3.6.9-1".
  const dpkg = await run('dpkg-query', ['-W', 'pgloader']).then(
    (r) => r.stdout.trim().split('\t')[1] ?? '',
    () => '',
  );
  return { available: true, version: dpkg === '' ? version : `${dpkg} (Debian package; ${version})` };
}

/** The "Total import time" line of pgloader's summary. */
export interface PgloaderSummary {
  readonly rows: number;
  readonly errors: number;
  /** pgloader's own total import time. */
  readonly seconds: number;
}

/**
 * Reads the total line of the summary table pgloader prints at the end of a load, e.g.
 * `Total import time   ✓   957000   50.1 MB   9.190s` (✓ for no errors, else their count; the time
 * may read `1m2.345s`). Undefined when the output has no such line (pgloader failed early).
 */
export function parsePgloaderSummary(output: string): PgloaderSummary | undefined {
  const match =
    /^\s*Total import time\s+(✓|\d+)\s+(\d+)\s+(?:[\d.]+\s+[kMGT]?B\s+)?(?:(\d+)h)?(?:(\d+)m)?([\d.]+)s\s*$/m.exec(
      output,
    );
  if (match === null) return undefined;
  const [, errors, rows, hours, minutes, seconds] = match;
  return {
    errors: errors === '✓' ? 0 : Number(errors),
    rows: Number(rows),
    seconds: Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds),
  };
}

/** One pgloader load, timed from the outside. */
export interface PgloaderRun {
  /** Wall time of the pgloader process, start-up included. */
  readonly seconds: number;
  /** CPU seconds (user + system) of the pgloader process. */
  readonly cpuSeconds: number;
  readonly summary: PgloaderSummary;
}

/**
 * Runs pgloader from `source` into `target` with its defaults (schema, data, indexes, foreign
 * keys) and times it. Throws with the end of its log when it fails or reports errors. `source` is a
 * pgloader URL (`mysql://…/db`, `sqlite:///path`), `target` a `postgresql://…/db` of an existing
 * database. `excludeTablesLike` (a LIKE pattern) leaves tables out, through a command file
 * (`EXCLUDING TABLE NAMES LIKE`); otherwise pgloader runs as `pgloader SOURCE TARGET`.
 */
export async function runPgloader(
  source: string,
  target: string,
  options: { excludeTablesLike?: string } = {},
): Promise<PgloaderRun> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-pgloader-'));
  try {
    let args = [source, target];
    if (options.excludeTablesLike !== undefined) {
      const file = join(dir, 'load.pgl');
      const pattern = options.excludeTablesLike.replace(/'/g, "''");
      await writeFile(
        file,
        `LOAD DATABASE FROM ${source} INTO ${target}\n  EXCLUDING TABLE NAMES LIKE '${pattern}';\n`,
      );
      args = [file];
    }
    return await pgloaderProcess(source, args);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pgloaderProcess(source: string, args: readonly string[]): Promise<PgloaderRun> {
  const cpuBefore = reapedChildrenCpuSeconds();
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn('pgloader', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stopChild = () => child.kill('SIGTERM');
    process.once('exit', stopChild);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-64_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      process.off('exit', stopChild);
      const seconds = (performance.now() - started) / 1000;
      const summary = parsePgloaderSummary(output);
      const tail = output.trim().split('\n').slice(-15).join('\n');
      if (code !== 0 || summary === undefined || summary.errors > 0) {
        reject(
          new Error(`pgloader ${source} failed (exit ${code}, errors ${summary?.errors ?? '?'}):\n${tail}`),
        );
        return;
      }
      resolvePromise({ seconds, cpuSeconds: reapedChildrenCpuSeconds() - cpuBefore, summary });
    });
  });
}

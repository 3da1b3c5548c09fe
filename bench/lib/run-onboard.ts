import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDOR_X_MAPPING } from '../../examples/vendor-x/index.ts';
import { sampleRss } from './rss-sampler.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ONBOARD = join(root, 'packages/onboard/bin/onboard.js');

/** One `onboard` command run as a child process. */
export interface OnboardResult {
  readonly exitCode: number;
  readonly seconds: number;
  /** The child's peak resident memory (kernel high-water mark, sampled every 100 ms). */
  readonly peakRssBytes: number;
  /** The peak RSS of each quarter of the child's run time. */
  readonly rssQuarterPeaks: readonly number[];
  readonly stdout: string;
}

/**
 * Runs `onboard ARGS` in its own process (stdout captured, stderr passed through), so its time and
 * memory are measured apart from the benchmark's. `env` adds variables (e.g. `ONBOARD_TOKEN`).
 */
export function runOnboard(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<OnboardResult> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ONBOARD, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // If the benchmark exits early (stopped, or failed elsewhere), the child goes with it.
    const stopChild = () => child.kill('SIGTERM');
    process.once('exit', stopChild);
    const rss = child.pid === undefined ? undefined : sampleRss({ pid: child.pid, intervalMs: 100 });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      process.off('exit', stopChild);
      const report = rss?.stop();
      resolvePromise({
        exitCode: code ?? 1,
        seconds: (performance.now() - started) / 1000,
        peakRssBytes: report?.peakBytes ?? 0,
        rssQuarterPeaks: report?.quarterPeaks ?? [],
        stdout: Buffer.concat(out).toString('utf8'),
      });
    });
  });
}

/** One Vendor X move as the benchmarks run it: where from, which core, which run store, whose token. */
export interface VendorXMove {
  readonly source: string;
  readonly core: string;
  readonly store: string;
  readonly token: string;
}

/** `onboard run --json` of the Vendor X mapping (`runOnboard`), with the tenant's token in `ONBOARD_TOKEN`. */
export function runVendorXMove(move: VendorXMove): Promise<OnboardResult> {
  return runOnboard(
    [
      'run',
      '--mapping',
      VENDOR_X_MAPPING,
      '--source',
      move.source,
      '--core',
      move.core,
      '--store',
      move.store,
      '--json',
    ],
    { ONBOARD_TOKEN: move.token },
  );
}

/** Per entity, what `onboard report --json` says a run loaded. */
export interface ReportedEntity {
  readonly read: number;
  readonly created: number;
  readonly rejected: number;
}

/** The report (`onboard report --json`) of the newest run in the run store `storeFile`. */
export async function lastRunReport(storeFile: string): Promise<{ entities: ReportedEntity[] }> {
  const runs = JSON.parse(
    (await runOnboard(['runs', '--store', storeFile, '--json', '--limit', '1'])).stdout,
  ) as {
    id: string;
  }[];
  return JSON.parse(
    (await runOnboard(['report', runs[0]?.id ?? '', '--store', storeFile, '--json'])).stdout,
  ) as {
    entities: ReportedEntity[];
  };
}

/**
 * The convention every `bench/*.ts` script follows, so `npm run bench` can run them all:
 *
 * - it runs on its own, `node bench/NAME.ts`, in its own process (so memory figures are its own);
 * - it prints its figures to **stdout** as markdown: one or more sections, each opening with
 *   `## Title` (use `printSection`); `run-all.ts` copies stdout into BENCHMARKS.md as it is;
 * - progress and logs go to **stderr** (`progress`), never to stdout;
 * - it brings up its own databases under unique names and drops them, even when it fails
 *   (`withDatabase`);
 * - `BENCH_QUICK=1` asks for a small run, seconds long, to check the plumbing (`benchRows`);
 * - it exits 0 on success and non-zero on failure (`runBenchmark`).
 */

/** Prints one markdown section to stdout: `## title`, then the blocks separated by blank lines. */
export function printSection(title: string, ...blocks: readonly string[]): void {
  process.stdout.write(`## ${title}\n\n${blocks.map((b) => b.trim()).join('\n\n')}\n\n`);
}

/** A progress line on stderr, prefixed with the script's name. */
export function progress(message: string): void {
  const script = process.argv[1]?.split('/').pop()?.replace(/\.ts$/, '') ?? 'bench';
  process.stderr.write(`[${script}] ${message}\n`);
}

/** True when `npm run bench -- --quick` (or `BENCH_QUICK=1`) asked for a small run. */
export function isQuick(): boolean {
  return process.env['BENCH_QUICK'] === '1';
}

/** The row count to use: `BENCH_ROWS` when set, else `quick` in a quick run, else `full`. */
export function benchRows(full: number, quick: number): number {
  const forced = Number(process.env['BENCH_ROWS']);
  if (Number.isSafeInteger(forced) && forced > 0) return forced;
  return isQuick() ? quick : full;
}

/** Runs a benchmark's main function: on failure, prints the error to stderr and exits non-zero. */
export async function runBenchmark(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

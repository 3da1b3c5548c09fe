/**
 * How many cases each fuzz property tries: `MADEUP_FUZZ_RUNS` (a long run, e.g. 5000), else a
 * bounded default that keeps `npm test` within seconds per property. `MADEUP_FUZZ_SEED` replays a
 * failure (fast-check prints the seed and path of every counterexample).
 */
export function fuzzOptions(defaultRuns = 10): { numRuns: number; seed?: number } {
  const runs = Number(process.env['MADEUP_FUZZ_RUNS'] ?? defaultRuns);
  const seed = process.env['MADEUP_FUZZ_SEED'];
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
  };
}

/**
 * A per-test timeout that grows with the number of runs: `perCaseMs` for each case (1 s by
 * default, on a shared machine), plus 30 s. A property whose cases are allowed to take up to a
 * bound each gives that bound, so a loaded machine that slows every case cannot time it out.
 */
export function fuzzTimeout(defaultRuns = 10, perCaseMs = 1_000): number {
  return 30_000 + fuzzOptions(defaultRuns).numRuns * perCaseMs;
}

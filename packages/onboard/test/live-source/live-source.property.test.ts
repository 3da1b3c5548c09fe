import { describeWithServer, fuzzOptions, MYSQL, POSTGRES } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import type { ShopDialect } from '../repeated-runs/shop-cursor.ts';
import { checkLiveCase, liveShapes } from './live-case.ts';
import { liveCases } from './live-writes.ts';

/** Cases per source technology in `npm test`; `MADEUP_FUZZ_RUNS` for a long run. */
const RUNS = { sqlite: 3, postgres: 1, mysql: 1 } as const;

/** A case is 3-4 runs of a few hundred ms each: a budget of 10 s per case (and its shrinking). */
const timeout = (runs: number) => 120_000 + fuzzOptions(runs).numRuns * 10_000;

describe('runs of a source written while they read it', () => {
  const fixture = useE2eCore();

  /** See `checkLiveCase`: nothing lost, nothing written twice, deletions as a mirror run makes them. */
  const property = (dialect: ShopDialect, runs: number) =>
    fc.assert(
      fc.asyncProperty(liveShapes(dialect), liveCases, async (shape, live) => {
        await checkLiveCase(fixture, shape, live);
      }),
      { ...fuzzOptions(runs), endOnFailure: true },
    );

  it(
    'lose nothing and write nothing twice, SQLite source',
    () => property('sqlite', RUNS.sqlite),
    timeout(RUNS.sqlite),
  );

  describeWithServer('PostgreSQL source', POSTGRES, () => {
    it(
      'lose nothing and write nothing twice',
      () => property('postgres', RUNS.postgres),
      timeout(RUNS.postgres),
    );
  });

  describeWithServer('MariaDB source', MYSQL, () => {
    it('lose nothing and write nothing twice', () => property('mysql', RUNS.mysql), timeout(RUNS.mysql));
  });
});

import { packageProject } from '../vitest.shared.ts';

/** Tests of the benchmark plumbing (`bench/lib`, `run-all.ts`); the benchmarks themselves are not tests. */
export default packageProject('bench', { include: ['test/**/*.test.ts'] });

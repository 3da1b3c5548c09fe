import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files at once. Vitest's default (one less than the cores) runs one file at a time on a
 * 2-core machine, yet most files spend their time waiting for a database server, a child process
 * or a restart, not on the CPU: three at a time take about 0.6 of the time there
 * (docs/testing.md, "How long it takes"). `--maxWorkers=N` overrides it.
 */
const WORKERS = Math.max(3, availableParallelism() - 1);

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples', 'bench'],
    maxWorkers: WORKERS,
  },
});

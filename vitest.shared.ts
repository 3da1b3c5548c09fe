import { availableParallelism } from 'node:os';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Test files at once. Vitest's default (one less than the cores) runs one file at a time on a
 * 2-core machine, yet most files spend their time waiting for a database server, a child process
 * or a restart, not on the CPU: three at a time take about 0.6 of the time there
 * (docs/testing.md, "How long it takes"). Each project must say it: a project does not inherit the
 * root's `maxWorkers`. `--maxWorkers=N` overrides it.
 */
export const TEST_WORKERS = Math.max(3, availableParallelism() - 1);

/** The settings every package's test project shares: one global setup that probes the servers. */
export function packageProject(name: string, overrides: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      globalSetup: ['@madeup/testkit/global-setup'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      maxWorkers: TEST_WORKERS,
      ...overrides,
    },
  });
}

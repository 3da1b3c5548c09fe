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

/**
 * The settings every package's test project shares: one global setup that probes the servers, and
 * timeouts for a test or hook without its own (docs/testing.md, "On a loaded machine"). Measured on
 * the shared 2-core machine, three processes spinning besides the usual load (13-16), tests took
 * up to four times as long as at that usual load: the console's tenant-history test 28.5 s against
 * the 30 s this default was. Tests that do more say so with their own timeout.
 */
export function packageProject(name: string, overrides: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      globalSetup: ['@madeup/testkit/global-setup'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      maxWorkers: TEST_WORKERS,
      ...overrides,
    },
  });
}

import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/** The settings every package's test project shares: one global setup that probes the servers. */
export function packageProject(name: string, overrides: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      globalSetup: ['@madeup/testkit/global-setup'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}

import { defineConfig } from 'vitest/config';
import { TEST_WORKERS } from './vitest.shared.ts';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples', 'bench'],
    maxWorkers: TEST_WORKERS,
  },
});

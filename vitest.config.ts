import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: browser tests measure timing and must not share the 2 cores.
    fileParallelism: false,
  },
});

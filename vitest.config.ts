import { defineConfig } from 'vitest/config';

/**
 * Two projects: pure and process tests run in parallel first; then the
 * browser tests and the demo, one file at a time (they measure timing and
 * each launches Chromium, so they must not share the 2 cores).
 */
const SERIAL = ['tests/browser/**/*.test.ts', 'tests/demo.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: SERIAL, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: SERIAL,
          // One fork for the whole project: its files run one after another.
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

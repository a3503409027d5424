import { defineConfig } from 'vitest/config';

/** `npm run test:databricks`: the live suite against a real warehouse (skipped unless configured; see README). */
export default defineConfig({
  test: {
    include: ['test/live/**/*.live.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});

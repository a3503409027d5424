import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Generation tests start worker pools of their own; running files in parallel would oversubscribe 2 cores.
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Generation tests start worker pools of their own; running files in parallel would oversubscribe 2 cores.
    fileParallelism: false,
    // A fresh TMPDIR for the run, checked empty at the end; tempDir() folders go after each file.
    globalSetup: ['test/helpers/temp-dir-check.ts'],
    setupFiles: ['test/helpers/remove-temp-dirs.ts'],
  },
});

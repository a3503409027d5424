import { defineConfig } from 'vitest/config';

/**
 * Tests that run in process on fixed inputs (no generation, no CLI, no servers): cheap, so their
 * files run in parallel. Everything else is end to end. `npm run test:unit` runs the first set
 * alone (seconds); `npm test` runs both.
 */
const UNIT = [
  'test/builder-reuse.test.ts',
  'test/config-schema.test.ts',
  'test/databricks-client.test.ts',
  'test/databricks-emulator.test.ts',
  'test/databricks-sql.test.ts',
  'test/parquet-stitch.test.ts',
  'test/readme.test.ts',
  'test/registry.test.ts',
  'test/row-group-merge.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    // Two files at a time on a 2-core machine: many e2e files wait on servers, child processes and
    // DuckDB more than they compute, so a second file fills the idle core. Shared drops are built
    // once with an atomic rename (test/helpers/shared-drops.ts), so two files may ask at once.
    maxWorkers: 2,
    hookTimeout: 120_000,
    // A fresh TMPDIR for the run, checked empty at the end; tempDir() folders go after each file.
    globalSetup: ['test/helpers/temp-dir-check.ts'],
    // Progress lines on stderr would break tests that expect it empty; test/progress.test.ts turns them on.
    env: { IDGRAPH_PROGRESS: 'off' },
    setupFiles: ['test/helpers/remove-temp-dirs.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
        },
      },
    ],
  },
});

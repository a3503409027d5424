import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../src/pipeline/generate.js';
import { generateDrop, smallConfig } from './drops.js';
import { FOLDER, MANIFEST, sha256 } from './shared-drops-check.js';

/**
 * Drops that several test files read and none changes, generated once per test run: the first
 * file that asks makes it, every later one (in any vitest worker) reuses it. Lazy rather than in
 * the global setup, so running one file makes only the drops that file reads. A test that
 * changes a drop copies it first (cpSync, or test/helpers/mutable-drop.ts); the run checks at
 * the end that no shared drop was changed (checkSharedDrops, called by temp-dir-check.ts).
 */
export const SHARED_DROPS = {
  /** The tests' small default (600 households, seed 7, chunks of 64) over two weeks, not 90 days. */
  small: { window: { length: '14d' } },
} as const satisfies Record<string, Record<string, unknown>>;

export type SharedDropName = keyof typeof SHARED_DROPS;

/** The folder of the shared drop `name`, generated (2 workers) if this run has not made it yet. */
export async function sharedDrop(name: SharedDropName): Promise<string> {
  const run = process.env.IDGRAPH_TEST_TMPDIR;
  // Outside the suite's global setup (another vitest config): a private drop, removed with the file's temp dirs.
  if (!run) return (await generateDrop(SHARED_DROPS[name])).out;
  const root = join(run, FOLDER);
  const dir = join(root, name);
  if (existsSync(dir)) return dir;
  mkdirSync(root, { recursive: true });
  const scratch = mkdtempSync(join(root, `.${name}-`));
  try {
    await generate(smallConfig(SHARED_DROPS[name]), { workers: 2, out: join(scratch, 'drop') });
    writeFileSync(join(scratch, `${name}.sha256`), sha256(readFileSync(join(scratch, 'drop', MANIFEST))));
    // Renames are atomic: a file that made the same drop first wins, and its bytes equal ours.
    try {
      renameSync(join(scratch, `${name}.sha256`), join(root, `${name}.sha256`));
      renameSync(join(scratch, 'drop'), dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}

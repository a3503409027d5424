import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSharedDrops } from './shared-drops-check.js';

/**
 * Global setup (vitest.config.ts): the whole run gets a fresh, empty TMPDIR, inherited by the
 * test workers and every CLI they spawn, so nothing else on the machine writes there. At the
 * end, anything left in it is a leak of the suite or of idgraph itself, and fails the run.
 */
export default function setup(): () => void {
  // Projects that extend the root config run this setup again: one fresh folder per run, not a
  // nest of them (tmux and Chromium put sockets in TMPDIR, whose paths must stay under 108 bytes).
  if (process.env.IDGRAPH_TEST_TMPDIR) return () => {};
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'idgraph-test-run-'));
  process.env.TMPDIR = dir;
  process.env.IDGRAPH_TEST_TMPDIR = dir;
  // npm on Node >= 22 keeps a module compile cache in TMPDIR (node-compile-cache) for the npm
  // commands the package test runs: not ours to leave behind, so switch it off for the run.
  process.env.NODE_DISABLE_COMPILE_CACHE = '1';
  return () => {
    // First the drops the run's files shared (test/helpers/shared-drops.ts): each must be as generated.
    const changed = checkSharedDrops(dir);
    const left = readdirSync(dir);
    rmSync(dir, { recursive: true, force: true });
    delete process.env.IDGRAPH_TEST_TMPDIR;
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (changed.length) {
      process.exitCode = 1;
      throw new Error(
        `a test changed a shared drop: ${changed.slice(0, 10).join('; ')} — copy it first (cpSync, or test/helpers/mutable-drop.ts)`,
      );
    }
    if (left.length) {
      // Vitest reports an error thrown here but still exits 0: set the exit code as well.
      process.exitCode = 1;
      throw new Error(
        `the test run left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in its temp dir: ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''} — remove them where they are made (tempDir() cleans up after each file)`,
      );
    }
  };
}

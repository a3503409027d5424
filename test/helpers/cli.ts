import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** Runs the real CLI (compiled by `pretest`) as a user would. */
export function cli(args: string[], cwd = PACKAGE_ROOT) {
  const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    // sql tests print 100k+ rows.
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

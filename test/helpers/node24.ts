import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** Where `.ci/run` installs Node 24 (`npm ci --prefix .ci/node24`); IDGRAPH_NODE24 overrides it. */
export const NODE24_INSTALL = 'npm ci --prefix .ci/node24';

export function node24Binary(): string | undefined {
  const path = process.env.IDGRAPH_NODE24 ?? join(PACKAGE_ROOT, '.ci', 'node24', 'node_modules', 'node', 'bin', 'node');
  return existsSync(path) ? path : undefined;
}

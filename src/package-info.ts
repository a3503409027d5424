import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

const readVersion = (path: string): string => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;

/** idgraph's own version, from the package.json it was installed with. */
export const IDGRAPH_VERSION = readVersion(join(PACKAGE_ROOT, 'package.json'));

/**
 * The installed version of a dependency. Looked up the way Node resolves packages (node_modules
 * folders from the package root upwards) rather than through `require.resolve`, because some
 * packages do not export their package.json; and not only under PACKAGE_ROOT/node_modules,
 * because an installed idgraph usually has its dependencies hoisted beside it.
 */
export function dependencyVersion(name: string): string {
  let dir = PACKAGE_ROOT;
  for (;;) {
    const path = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(path)) return readVersion(path);
    const up = dirname(dir);
    if (up === dir) throw new Error(`idgraph: dependency ${name} not found above ${PACKAGE_ROOT}`);
    dir = up;
  }
}

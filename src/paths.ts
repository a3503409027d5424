import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file whether it runs from src/ (tests) or dist/src/ (CLI). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`idgraph: package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot();
export const fixturePath = (...parts: string[]): string => join(PACKAGE_ROOT, 'fixtures', ...parts);
/** Compiled worker entry; tests build first (`pretest`), so the same file serves CLI and tests. */
export const WORKER_PATH = join(PACKAGE_ROOT, 'dist', 'workers', 'generate-block.js');

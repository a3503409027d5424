import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';

/**
 * The absolute path of a manifest file, or undefined when it does not stay inside the drop.
 * Manifest paths are already lexically safe (no '..', not absolute: manifest-schema.ts); this
 * also follows symlinks, so a link pointing outside the drop is never read. A missing file
 * resolves to its plain path (the caller reports it missing).
 */
export async function resolveInDrop(root: string, rel: string): Promise<string | undefined> {
  const path = join(root, ...rel.split('/'));
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw err;
  }
  return real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep) ? path : undefined;
}

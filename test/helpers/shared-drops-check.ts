import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Under the run's TMPDIR (temp-dir-check.ts), so every worker of the run finds the same folder. */
export const FOLDER = 'shared-drops';
export const MANIFEST = '_manifest.json';

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** sha256 of every file under dir, by '/'-separated relative path (this file stays free of the generator's imports). */
function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) {
      const path = join(e.parentPath, e.name);
      out[relative(dir, path).split('\\').join('/')] = sha256(readFileSync(path));
    }
  return out;
}

/**
 * Removes the run's shared drops, after checking each is still as generated: its manifest
 * unchanged, and exactly the manifest's files with their sha256. Returns what was changed.
 */
export function checkSharedDrops(run: string): string[] {
  const root = join(run, FOLDER);
  if (!existsSync(root)) return [];
  const problems: string[] = [];
  for (const name of readdirSync(root).filter((n) => !n.startsWith('.') && !n.endsWith('.sha256'))) {
    const dir = join(root, name);
    const manifestPath = join(dir, MANIFEST);
    const recorded = join(root, `${name}.sha256`);
    if (!existsSync(manifestPath) || !existsSync(recorded)) {
      problems.push(`${name}: ${MANIFEST} is gone`);
      continue;
    }
    if (sha256(readFileSync(manifestPath)) !== readFileSync(recorded, 'utf8')) {
      problems.push(`${name}: ${MANIFEST} was changed`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; sha256: string }[] };
    const want = new Map(manifest.files.map((f) => [f.path, f.sha256]));
    const have = fileHashes(dir);
    for (const [path, hash] of Object.entries(have)) {
      // The base paths generate saves beside the tables for the next increment, outside the manifest.
      if (path === MANIFEST || path.startsWith('_state/')) continue;
      if (!want.has(path)) problems.push(`${name}: ${path} was added`);
      else if (want.get(path) !== hash) problems.push(`${name}: ${path} was changed`);
    }
    for (const path of want.keys()) if (!(path in have)) problems.push(`${name}: ${path} was removed`);
  }
  rmSync(root, { recursive: true, force: true });
  return problems;
}

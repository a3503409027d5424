import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { fsUserError, makeDir } from '../fs-errors.js';
import { TABLES } from '../schema/registry.js';

const isManifest = (name: string) => /^_manifest(-shard-\d+-of-\d+)?\.json$/.test(name);
const isOurs = (name: string) =>
  isManifest(name) ||
  TABLES.some((t) => t.name === name) ||
  name.startsWith('.') ||
  /^idgraph\.duckdb(\.wal)?$/.test(name);

/**
 * Makes `dir` ready for a drop. A non-empty directory is refused unless `overwrite`; even then
 * only what idgraph writes (table folders, manifests, the embedded database) is removed, and a
 * directory holding anything else is refused, so a mistyped --out cannot wipe unrelated files.
 * Shards may share a directory: entries written by other shards are kept.
 */
export async function prepareOutputDir(dir: string, overwrite: boolean, sharded: boolean): Promise<void> {
  let entries: string[];
  try {
    const s = await stat(dir);
    if (!s.isDirectory())
      throw new UserError(`output path ${dir} exists and is not a directory`, 'choose another --out');
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (err instanceof UserError) throw err;
      throw fsUserError(err, { path: dir, doing: 'use the output directory', fix: 'or choose another --out' });
    }
    await makeDir(dir).catch((e: unknown) => {
      throw fsUserError(e, { path: dir, doing: 'create the output directory', fix: 'or choose another --out' });
    });
    return;
  }
  if (entries.length === 0 || sharded) return;
  const foreign = entries.filter((e) => !isOurs(e));
  if (!overwrite) {
    throw new UserError(
      `output directory ${dir} is not empty (${entries.length} entries)`,
      'pass --overwrite to replace a previous drop, or choose an empty --out',
    );
  }
  if (foreign.length) {
    throw new UserError(
      `refusing to overwrite ${dir}: it holds files idgraph did not write (${foreign.slice(0, 3).join(', ')})`,
      'choose an empty --out',
    );
  }
  await Promise.all(entries.map((e) => rm(join(dir, e), { recursive: true, force: true })));
}

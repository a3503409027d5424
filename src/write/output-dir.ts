import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock, type HeldLock, heldError, isStale, LOCK_NAME, parseHolder } from '../drop/lock-file.js';
import { UserError } from '../errors.js';
import { fsUserError, makeDir } from '../fs-errors.js';
import { STATE_DIR } from '../gen/continue/path-state-file.js';
import { TABLES } from '../schema/registry.js';
import { assertDatabaseNotInUse } from '../sql/duckdb-file.js';
import type { Shard } from './manifest.js';

const isManifest = (name: string) => /^_manifest(-shard-\d+-of-\d+)?\.json$/.test(name);
const isOurs = (name: string) =>
  isManifest(name) ||
  TABLES.some((t) => t.name === name) ||
  name.startsWith('.') ||
  // The base paths saved for the next increment (src/gen/continue/path-state-file.ts).
  name === STATE_DIR ||
  // The database, its WAL and the spill folder DuckDB keeps beside it (left behind by a killed load).
  /^idgraph\.duckdb(\.wal|\.tmp)?$/.test(name);

/** Shards writing into one folder each take their own lock; a whole run takes the folder's. */
const lockName = (shard: Shard): string =>
  shard.count === 1 ? LOCK_NAME : `.idgraph-shard-${shard.index}-of-${shard.count}.lock`;
const SHARD_LOCK = /^\.idgraph-shard-\d+-of-\d+\.lock$/;

/** Refuses when a live process holds one of `names` in `dir` (another writer of this folder). */
async function refuseLiveLocks(dir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const holder = parseHolder(text);
    if (!isStale(holder)) throw heldError(`output directory ${dir}`, join(dir, name), holder);
  }
}

async function createOrList(dir: string): Promise<string[] | undefined> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory())
      throw new UserError(`output path ${dir} exists and is not a directory`, 'choose another --out');
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (err instanceof UserError) throw err;
      throw fsUserError(err, { path: dir, doing: 'use the output directory', fix: 'or choose another --out' });
    }
    await makeDir(dir).catch((e: unknown) => {
      throw fsUserError(e, { path: dir, doing: 'create the output directory', fix: 'or choose another --out' });
    });
    return [];
  }
}

/**
 * Makes `dir` ready for a drop and locks it for this writer (one writer per folder, or per shard
 * of a folder; the lock file names its holder, see lock-file.ts). A non-empty directory is refused
 * unless `overwrite`; even then only what idgraph writes (table folders, manifests, the embedded
 * database) is removed, a directory holding anything else is refused, so a mistyped --out cannot
 * wipe unrelated files, and a database another process has open is never deleted. Shards may
 * share a directory: entries written by other shards are kept. The caller releases the lock.
 */
export async function prepareOutputDir(dir: string, overwrite: boolean, shard: Shard): Promise<HeldLock> {
  const created = await createOrList(dir);
  const lock = await acquireLock(join(dir, lockName(shard)), `output directory ${dir}`, 'idgraph generate');
  try {
    if (created) return lock;
    const entries = (await readdir(dir)).filter((e) => e !== lockName(shard));
    if (shard.count > 1) {
      // A whole run into the same folder would remove this shard's files.
      await refuseLiveLocks(dir, [LOCK_NAME]);
      return lock;
    }
    await refuseLiveLocks(
      dir,
      entries.filter((e) => SHARD_LOCK.test(e)),
    );
    if (entries.length === 0) return lock;
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
    if (entries.includes('idgraph.duckdb')) await assertDatabaseNotInUse(join(dir, 'idgraph.duckdb'));
    await Promise.all(entries.map((e) => rm(join(dir, e), { recursive: true, force: true })));
    return lock;
  } catch (err) {
    await lock.release();
    throw err;
  }
}

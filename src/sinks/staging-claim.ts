import { MANIFEST_NAME } from '../drop/shard-set.js';
import { heldError, isStale, LOCK_NAME, parseHolder, thisHolder } from '../drop/lock-file.js';
import { UserError } from '../errors.js';
import type { Shard } from '../write/manifest.js';
import type { StagingSink } from './sink.js';

export interface StagingClaim {
  release(): Promise<void>;
}

/**
 * One writer per staging location: a lock object (`.idgraph.lock`, holding pid and host, like an
 * output folder's: see drop/lock-file.ts) created exclusively (S3 `If-None-Match: *`, a volume's
 * PUT without OVERWRITE, O_EXCL locally), broken only when its holder was on this host and is dead.
 * Then verified: read back, it must be ours, since a store that ignores the condition (s3rver,
 * some S3-compatible stores) or a volume PUT racing ours lets the last writer win, and only that
 * one proceeds; and no conflicting lock may be live (the whole-location lock of upload and seal
 * against the per-shard locks of `generate --shard --to`). Residual limitation (README): on a store
 * that ignores the condition, two writers that both look before either puts, and of which one
 * reads its lock back before the other's put lands, both see their own lock.
 */
export async function lockStaging(sink: StagingSink, command: string, lockKey = LOCK_NAME): Promise<StagingClaim> {
  if (!sink.createExclusive || !sink.readText || !sink.remove) return { release: async () => {} };
  const body = `${JSON.stringify(thisHolder(command))}\n`;
  const held: StagingClaim = {
    release: async () => {
      // Only our own lock is removed (a stale-lock breaker may have replaced it).
      if ((await sink.readText?.(lockKey).catch(() => undefined)) === body) await sink.remove?.(lockKey);
    },
  };
  const where = `staging location ${sink.describe()}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Looked for first, so a store that ignores the condition cannot let us overwrite a live lock.
    const before = await sink.readText(lockKey);
    if (before !== undefined && before !== body) {
      const holder = parseHolder(before);
      if (!isStale(holder)) throw heldError(where, `${sink.describe()}/${lockKey}`, holder);
      await sink.remove(lockKey);
      continue;
    }
    // A retried conditional PUT whose first answer was lost reports "exists": the lock is ours then too.
    const created = await sink.createExclusive(lockKey, body);
    const text = await sink.readText(lockKey);
    if (text === undefined) continue;
    if (text === body) {
      await refuseConflicts(sink, lockKey, held);
      return held;
    }
    const holder = parseHolder(text);
    // Created yet not ours: another writer's put landed over ours, and it is the one that proceeds.
    if (created || !isStale(holder)) throw heldError(where, `${sink.describe()}/${lockKey}`, holder);
    await sink.remove(lockKey);
  }
  throw heldError(where, `${sink.describe()}/${lockKey}`, undefined);
}

const SHARD_LOCK = /^\.idgraph-shard-\d+-of-\d+\.lock$/;

/**
 * The whole-location lock conflicts with every other lock, a shard's lock only with the
 * whole-location one (shards of one run stream side by side). A live conflicting holder wins:
 * ours is released and the claim refused; a stale one is left to whoever takes that lock next.
 */
async function refuseConflicts(sink: StagingSink, ours: string, held: StagingClaim): Promise<void> {
  const locks = (await sink.list('.idgraph')).filter((k) => k !== ours && (k === LOCK_NAME || SHARD_LOCK.test(k)));
  const conflicting = ours === LOCK_NAME ? locks : locks.filter((k) => k === LOCK_NAME);
  for (const key of conflicting) {
    const text = await sink.readText?.(key);
    if (text === undefined) continue;
    const holder = parseHolder(text);
    if (isStale(holder)) continue;
    await held.release();
    throw heldError(`staging location ${sink.describe()}`, `${sink.describe()}/${key}`, holder);
  }
}

/** What is being staged: its config fingerprint and file paths. */
export interface StagedDrop {
  fingerprint: string;
  paths: readonly string[];
}

/** Manifests staged at the root of the location whose drop is not `drop`, with their text's fingerprint. */
async function otherDrops(
  sink: StagingSink,
  drop: StagedDrop,
): Promise<{ name: string; fingerprint: string; files: string[] }[]> {
  if (!sink.readText) return [];
  const names = (await sink.list('_manifest')).filter((k) => MANIFEST_NAME.test(k));
  const others = [];
  for (const name of names) {
    const text = await sink.readText(name);
    if (text === undefined) continue;
    let staged: { fingerprint?: unknown; files?: { path?: unknown }[] };
    try {
      staged = JSON.parse(text);
    } catch {
      staged = {};
    }
    if (staged.fingerprint === drop.fingerprint) continue;
    const files = Array.isArray(staged.files)
      ? staged.files.flatMap((f) => (typeof f?.path === 'string' ? [f.path] : []))
      : [];
    others.push({ name, fingerprint: String(staged.fingerprint ?? 'unknown'), files });
  }
  return others;
}

/**
 * Claims a staging location for `drop`: takes its lock, then refuses a location that already
 * holds another drop's manifest (another config fingerprint), since files of two drops would mix
 * under one prefix. With `overwrite`, the other drop's manifests are deleted first (so no reader
 * takes the location for a complete drop meanwhile), then its data files that this drop does not
 * have. Release the claim when done.
 */
export async function claimStaging(
  sink: StagingSink,
  drop: StagedDrop,
  options: { overwrite?: boolean; command: string; shard?: Shard },
): Promise<StagingClaim> {
  // Shards streaming into one prefix (generate --shard K/N --to) each lock their own shard.
  const shard = options.shard ?? { index: 0, count: 1 };
  const lockKey = shard.count === 1 ? LOCK_NAME : `.idgraph-shard-${shard.index}-of-${shard.count}.lock`;
  const claim = await lockStaging(sink, options.command, lockKey);
  try {
    const others = await otherDrops(sink, drop);
    if (others.length && !options.overwrite)
      throw new UserError(
        `${sink.describe()} holds another drop (${others.map((o) => `${o.name}, config fingerprint ${o.fingerprint}`).join('; ')}); this drop is ${drop.fingerprint}`,
        'stage each drop under its own prefix, or pass --overwrite to replace the drop staged there',
      );
    if (others.length && !sink.remove)
      throw new UserError(
        `${sink.describe()} holds another drop (${others.map((o) => o.name).join(', ')}) and idgraph cannot delete files there`,
        `remove that folder's files yourself (databricks fs rm -r dbfs:${sink.describe()}), or stage under another path`,
      );
    if (others.length && sink.remove) {
      const keep = new Set(drop.paths);
      for (const o of others) await sink.remove(o.name);
      for (const o of others) for (const path of o.files) if (!keep.has(path)) await sink.remove(path);
    }
    return claim;
  } catch (err) {
    await claim.release();
    throw err;
  }
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { TABLES } from '../schema/registry.js';
import { sha256File } from '../sinks/hash-file.js';
import type { StagingSink } from '../sinks/sink.js';
import { lockStaging } from '../sinks/staging-claim.js';
import { sameObject } from '../sinks/upload-drop.js';
import type { Manifest } from '../write/manifest.js';
import { parseManifest } from './manifest-schema.js';
import { completeShardSet, MANIFEST_NAME } from './shard-set.js';

export interface SealResult {
  target: string;
  shards: number;
  files: number;
  rows: number;
  /** The combined manifest was already there, byte for byte: nothing was written. */
  alreadySealed: boolean;
}

/**
 * The combined manifest of a complete shard set: one drop of the same config, its files in shard
 * order, totals summed. Built only from the shard manifests, so it is deterministic too.
 */
export function combineManifests(shards: Manifest[]): Manifest {
  const first = shards[0];
  const tables: Manifest['tables'] = {};
  for (const t of TABLES) {
    tables[t.name] = { rows: 0, files: 0, bytes: 0 };
    for (const m of shards) {
      const s = m.tables[t.name];
      if (!s) continue;
      tables[t.name].rows += s.rows;
      tables[t.name].files += s.files;
      tables[t.name].bytes += s.bytes;
    }
  }
  return {
    format: first.format,
    schemaVersion: first.schemaVersion,
    generator: first.generator,
    versions: first.versions,
    fingerprint: first.fingerprint,
    config: first.config,
    shard: { index: 0, count: 1 },
    households: {
      first: Math.min(...shards.map((m) => m.households.first)),
      count: shards.reduce((a, m) => a + m.households.count, 0),
    },
    tables,
    files: shards.flatMap((m) => m.files),
  };
}

/**
 * Seals a staging location that shards streamed into: all N shard manifests of one config must
 * be there (else the missing shards are named), and every file they list stored with its size
 * and sha256; then the combined `_manifest.json` is written, last, so a reader that sees it sees
 * a complete drop. Sealing twice is harmless (the same bytes are found and nothing is written).
 * The location is locked meanwhile, and a shard still streaming into it (its live lock) refuses the seal.
 */
export async function sealStaging(sink: StagingSink): Promise<SealResult> {
  const where = sink.describe();
  if (!sink.readText)
    throw new UserError(
      `seal cannot read manifests from ${where}`,
      'seal a local folder, an s3:// prefix or a /Volumes/… path',
    );
  const claim = await lockStaging(sink, 'idgraph seal');
  try {
    const names = (await sink.list('_manifest')).filter((k) => MANIFEST_NAME.test(k));
    const shardNames = names.filter((n) => n !== '_manifest.json');
    if (shardNames.length === 0)
      throw new UserError(
        `${where} holds no shard manifests${names.length ? ' (only a _manifest.json: nothing to seal)' : ''}`,
        'seal the prefix that `idgraph generate --shard K/N --to …` wrote into, once every shard finished',
      );
    const named = [];
    for (const name of shardNames)
      named.push({ name, manifest: parseManifest((await sink.readText(name)) ?? '', `${where}/${name}`) });
    const combined = combineManifests(completeShardSet(where, named));
    const missing: string[] = [];
    // A volume keeps no checksum: `stat` would read every file back. Each shard already read back
    // every file it staged before writing its manifest, so sizes from listings suffice there.
    const sizes = await sink.listSizes?.('');
    for (const f of combined.files) {
      const item = { key: f.path, localPath: '', size: f.bytes, sha256: f.sha256 };
      if (sizes ? sizes.get(f.path) !== f.bytes : !sameObject(await sink.stat(f.path), item)) missing.push(f.path);
    }
    if (missing.length)
      throw new UserError(
        `${where}: ${missing.length} file(s) listed by the shard manifests are missing or differ: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}`,
        'rerun the shard(s) that wrote them (generation is deterministic: only what is missing is sent), then seal again',
      );
    const text = `${JSON.stringify(combined, null, 2)}\n`;
    const result: SealResult = {
      target: where,
      shards: named.length,
      files: combined.files.length,
      rows: combined.files.reduce((a, f) => a + f.rows, 0),
      alreadySealed: false,
    };
    const existing = names.includes('_manifest.json') ? await sink.readText('_manifest.json') : undefined;
    if (existing === text) return { ...result, alreadySealed: true };
    if (existing !== undefined) {
      const other = (() => {
        try {
          return (JSON.parse(existing) as { fingerprint?: unknown }).fingerprint;
        } catch {
          return undefined;
        }
      })();
      if (other !== combined.fingerprint)
        throw new UserError(
          `${where} already holds the _manifest.json of another drop (config fingerprint ${String(other)})`,
          'seal each drop under its own prefix',
        );
    }
    const dir = await mkdtemp(join(tmpdir(), 'idgraph-seal-'));
    try {
      const path = join(dir, '_manifest.json');
      await writeFile(path, text);
      await sink.put('_manifest.json', path, { sha256: await sha256File(path), size: Buffer.byteLength(text) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return result;
  } finally {
    await claim.release();
  }
}

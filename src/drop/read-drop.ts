import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../config/load.js';
import type { RunConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { sha256File } from '../sinks/hash-file.js';
import { SCHEMA_VERSION } from '../schema/registry.js';
import type { WrittenFile } from '../write/drop-files.js';
import { MANIFEST_FORMAT, type Manifest } from '../write/manifest.js';

export interface Drop {
  root: string;
  config: RunConfig;
  fingerprint: string;
  manifests: Manifest[];
  /** All files of all shards' manifests. */
  files: WrittenFile[];
}

/**
 * Reads a drop's manifest(s): one `_manifest.json`, or one per shard. Refuses what is not a
 * drop, a drop of another schema version, and shards of different configs.
 */
export function readDrop(root: string): Drop {
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UserError(`${root} is not a directory`, 'pass the folder a `idgraph generate --out` wrote');
  const names = readdirSync(root)
    .filter((n) => /^_manifest(-shard-\d+-of-\d+)?\.json$/.test(n))
    .sort();
  if (names.length === 0)
    throw new UserError(
      `${root} is not an idgraph drop: no _manifest.json`,
      'generate one with `idgraph generate --out <dir>`, or wait until it finishes (the manifest is written last)',
    );
  const manifests = names.map((n) => {
    let m: Manifest;
    try {
      m = JSON.parse(readFileSync(join(root, n), 'utf8')) as Manifest;
    } catch (err) {
      throw new UserError(`${join(root, n)} is not valid JSON`, 'regenerate the drop', { cause: err });
    }
    if (m.format !== MANIFEST_FORMAT)
      throw new UserError(`${join(root, n)} is not an idgraph manifest (format ${JSON.stringify(m.format)})`);
    if (m.schemaVersion !== SCHEMA_VERSION)
      throw new UserError(
        `drop ${root} has schema version ${m.schemaVersion}; this idgraph reads version ${SCHEMA_VERSION}`,
        `regenerate the drop with this version, or use the idgraph version that wrote it (${m.generator?.version})`,
      );
    return m;
  });
  const fingerprints = new Set(manifests.map((m) => m.fingerprint));
  if (fingerprints.size > 1)
    throw new UserError(
      `${root} mixes shards of different runs (${[...fingerprints].join(', ')})`,
      'keep one run per folder',
    );
  return {
    root,
    config: resolveConfig(manifests[0].config),
    fingerprint: manifests[0].fingerprint,
    manifests,
    files: manifests.flatMap((m) => m.files),
  };
}

/** Files whose size or sha256 differ from the manifest (or are missing). */
export async function damagedFiles(drop: Drop): Promise<string[]> {
  const damaged: string[] = [];
  for (const f of drop.files) {
    const path = join(drop.root, f.path);
    if (!existsSync(path) || statSync(path).size !== f.bytes) {
      damaged.push(f.path);
      continue;
    }
    if ((await sha256File(path)) !== f.sha256) damaged.push(f.path);
  }
  return damaged;
}

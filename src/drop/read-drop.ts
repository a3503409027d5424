import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../config/load.js';
import type { RunConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import type { WrittenFile } from '../write/drop-files.js';
import type { Manifest } from '../write/manifest.js';
import { parseManifest } from './manifest-schema.js';
import { completeShardSet, MANIFEST_NAME } from './shard-set.js';

export interface Drop {
  root: string;
  config: RunConfig;
  fingerprint: string;
  manifests: Manifest[];
  /** All files of all shards' manifests. */
  files: WrittenFile[];
}

/**
 * The drop described by manifest texts (by file name): one `_manifest.json` (a single run, or the
 * combined manifest of sealed shards, which then stands for the shards beside it), or a complete
 * set of shard manifests. Every manifest is schema-checked; what is not one complete drop of one
 * config is refused. `where` names the folder or prefix in messages.
 */
export function dropFromManifests(root: string, where: string, texts: { name: string; text: string }[]): Drop {
  if (texts.length === 0)
    throw new UserError(
      `${where} is not an idgraph drop: no _manifest.json`,
      'generate one with `idgraph generate --out <dir>`, or wait until it finishes (the manifest is written last)',
    );
  const named = texts
    .map(({ name, text }) => ({ name, manifest: parseManifest(text, `${where}/${name}`) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const combined = named.find((n) => n.name === '_manifest.json');
  const fingerprints = [...new Set(named.map((n) => n.manifest.fingerprint))];
  if (combined && fingerprints.length > 1)
    throw new UserError(
      `${where} mixes drops of different runs (config fingerprints ${fingerprints.join(', ')})`,
      'keep one run per folder: move the other files elsewhere',
    );
  const manifests = combined ? [combined.manifest] : completeShardSet(where, named);
  return {
    root,
    config: resolveConfig(manifests[0].config),
    fingerprint: manifests[0].fingerprint,
    manifests,
    files: manifests.flatMap((m) => m.files),
  };
}

/**
 * Reads a drop's manifest(s) from a local folder. Refuses what is not a drop, a damaged
 * manifest, a drop of another schema version, and an incomplete or mixed set of shards.
 */
export function readDrop(root: string): Drop {
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UserError(`${root} is not a directory`, 'pass the folder a `idgraph generate --out` wrote');
  const names = readdirSync(root).filter((n) => MANIFEST_NAME.test(n));
  return dropFromManifests(
    root,
    root,
    names.map((name) => ({ name, text: readFileSync(join(root, name), 'utf8') })),
  );
}

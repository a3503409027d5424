import { UserError } from '../errors.js';
import { type Manifest, manifestName } from '../write/manifest.js';

export const MANIFEST_NAME = /^_manifest(-shard-(\d+)-of-(\d+))?\.json$/;

/** "1, 3" — human list of shard indexes. */
const list = (ns: number[]): string => ns.join(', ');

/**
 * The manifests of a folder must describe one complete drop: either one `_manifest.json`, or
 * shard manifests for all K of one N, all of one config (fingerprint), each saying the shard its
 * name says. Anything else is refused, naming what is missing or mixed, so an incomplete sharded
 * drop is never loaded or validated as if it were whole. `where` names the folder in messages.
 * Returns the manifests in shard order.
 */
export function completeShardSet(where: string, named: { name: string; manifest: Manifest }[]): Manifest[] {
  for (const { name, manifest } of named) {
    if (manifestName(manifest.shard) !== name)
      throw new UserError(
        `${where}/${name} describes shard ${manifest.shard.index} of ${manifest.shard.count}, not what its name says`,
        'regenerate that shard; never rename a manifest',
      );
  }
  const fingerprints = [...new Set(named.map((n) => n.manifest.fingerprint))];
  if (fingerprints.length > 1)
    throw new UserError(
      `${where} mixes shards of different runs (config fingerprints ${fingerprints.join(', ')})`,
      'keep one run per folder: move the shards of the other run elsewhere',
    );
  const counts = [...new Set(named.map((n) => n.manifest.shard.count))].sort((a, b) => a - b);
  if (counts.length > 1)
    throw new UserError(
      `${where} mixes shard splits (${counts.map((c) => `of ${c}`).join(', ')})`,
      'keep the shards of one --shard K/N split per folder',
    );
  const total = counts[0];
  const present = new Set(named.map((n) => n.manifest.shard.index));
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !present.has(i));
  if (missing.length)
    throw new UserError(
      `${where} is incomplete: shard${missing.length > 1 ? 's' : ''} ${list(missing)} of ${total} ${missing.length > 1 ? 'are' : 'is'} missing`,
      `generate the missing shard${missing.length > 1 ? 's' : ''} into the same folder (idgraph generate --shard ${missing[0]}/${total} …), or wait until ${missing.length > 1 ? 'they finish' : 'it finishes'}`,
    );
  return named.map((n) => n.manifest).sort((a, b) => a.shard.index - b.shard.index);
}

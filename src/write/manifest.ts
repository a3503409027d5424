import { createHash } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { dependencyVersion, IDGRAPH_VERSION } from '../package-info.js';
import { SCHEMA_VERSION } from '../schema/registry.js';
import type { Lineage } from '../lineage/types.js';
import type { WrittenFile } from './drop-files.js';

export const MANIFEST_FORMAT = 'idgraph-drop';

export interface Shard {
  index: number;
  count: number;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  schemaVersion: number;
  generator: { name: string; version: string };
  versions: Record<string, string>;
  /** Short hash of the config: part of every file name, so different runs never share a name. */
  fingerprint: string;
  config: RunConfig;
  shard: Shard;
  households: { first: number; count: number };
  tables: Record<string, { rows: number; files: number; bytes: number }>;
  files: WrittenFile[];
  /** Where this drop sits in its lineage (FR-015): parent, sequence, windows, id high-water marks, write modes. */
  lineage?: Lineage;
}

export function configFingerprint(config: RunConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 10);
}

/** An increment's fingerprint also covers its parent (src/lineage/lineage.ts says why). */
export function dropFingerprint(config: RunConfig, parentSha256?: string): string {
  const h = createHash('sha256').update(JSON.stringify(config));
  if (parentSha256) h.update(`\0parent:${parentSha256}`);
  return h.digest('hex').slice(0, 10);
}

export const manifestName = (shard: Shard): string =>
  shard.count === 1 ? '_manifest.json' : `_manifest-shard-${shard.index}-of-${shard.count}.json`;

/** No timings or host names: the manifest is as deterministic as the data it describes. */
export function buildManifest(
  config: RunConfig,
  shard: Shard,
  households: { first: number; count: number },
  files: WrittenFile[],
  tableNames: readonly string[],
  lineage?: Lineage,
): Manifest {
  const tables: Manifest['tables'] = {};
  for (const name of tableNames) tables[name] = { rows: 0, files: 0, bytes: 0 };
  for (const f of files) {
    const t = tables[f.table];
    t.rows += f.rows;
    t.files += 1;
    t.bytes += f.bytes;
  }
  return {
    format: MANIFEST_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'idgraph', version: IDGRAPH_VERSION },
    versions: { 'apache-arrow': dependencyVersion('apache-arrow'), 'parquet-wasm': dependencyVersion('parquet-wasm') },
    fingerprint: lineage?.parent ? dropFingerprint(config, lineage.parent.sha256) : configFingerprint(config),
    config,
    shard,
    households,
    tables,
    files,
    ...(lineage ? { lineage } : {}),
  };
}

/** Written last, under a temporary name then renamed: a reader that sees it sees a complete drop. */
export async function writeManifest(root: string, manifest: Manifest): Promise<string> {
  const name = manifestName(manifest.shard);
  const tmp = join(root, `.${name}.inprogress`);
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, join(root, name));
  return name;
}

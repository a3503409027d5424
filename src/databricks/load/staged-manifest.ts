import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Drop, readDrop } from '../../drop/read-drop.js';
import { UserError } from '../../errors.js';
import type { DatabricksClient } from '../client.js';
import { parseStaging } from './staging.js';

/**
 * The drop's manifest, from a local copy of the drop when given, else fetched from the staging
 * location (the manifest is uploaded last, so finding it means the drop there is complete).
 */
export async function stagedDrop(
  staging: string,
  localDrop: string | undefined,
  client: DatabricksClient | null,
): Promise<Drop> {
  if (localDrop) return readDrop(localDrop);
  const s = parseStaging(staging);
  if (s.kind !== 'volume' || !client) {
    throw new UserError(
      `cannot read the manifest at ${staging} from here`,
      'also pass the local drop folder (idgraph load --engine databricks <drop> --from …); it supplies the file list',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'idgraph-manifest-'));
  try {
    await client.get(`${s.url}/_manifest.json`, join(dir, '_manifest.json'));
    return { ...readDrop(dir), root: staging };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { GetObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Drop, dropFromManifests, readDrop } from '../../drop/read-drop.js';
import { UserError } from '../../errors.js';
import { parseSinkUrl } from '../../sinks/sink-url.js';
import { sparkLiteral } from '../../sql/dialect-databricks.js';
import type { DatabricksClient } from '../client.js';
import { parseStaging, type Staging } from './staging.js';

/** `_manifest.json`, or one per shard: the names readDrop accepts. */
const MANIFEST = /^_manifest(-shard-\d+-of-\d+)?\.json$/;

export interface StagedDropOptions {
  /** S3: the same endpoint and region flags as `upload` (credentials from the SDK's default chain). */
  endpoint?: string;
  region?: string;
}

const LOCAL_HINT =
  'or pass the local drop folder instead: idgraph load --engine databricks <drop> --from … (it supplies the file list)';

/**
 * The drop's manifest, from a local copy of the drop when given, else read from the staging
 * location itself (the manifest is uploaded last, so finding it means the drop there is
 * complete): S3 through the AWS SDK, volumes through the Databricks driver. With no client
 * (a dry run never connects to the warehouse) a volume cannot be read.
 */
export async function stagedDrop(
  staging: string,
  localDrop: string | undefined,
  client: DatabricksClient | null,
  options: StagedDropOptions = {},
): Promise<Drop> {
  if (localDrop) return readDrop(localDrop);
  const s = parseStaging(staging);
  const dir = mkdtempSync(join(tmpdir(), 'idgraph-manifest-'));
  try {
    if (s.kind === 's3') await fetchS3Manifests(s, dir, options);
    else {
      if (!client)
        throw new UserError(
          `a dry run does not connect to Databricks, so it cannot read the manifest on the volume ${s.url}`,
          `pass the local drop folder: idgraph load --engine databricks <drop> --from ${s.url} --dry-run`,
        );
      await fetchVolumeManifests(s, dir, client);
    }
    // Named by the staging URL, not the scratch folder: "s3://…/run is incomplete: shard 1 of 4 is missing".
    const texts = readdirSync(dir).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
    return dropFromManifests(s.url, s.url, texts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fetchS3Manifests(s: Staging, dir: string, options: StagedDropOptions): Promise<void> {
  const target = parseSinkUrl(s.url);
  if (target.kind !== 's3') throw new Error(`not an S3 location: ${s.url}`);
  const { createS3Client, printableEndpoint } = await import('../../sinks/s3-client.js');
  const { mapS3Error } = await import('../../sinks/s3-errors.js');
  const { client, endpoint } = await createS3Client({ endpoint: options.endpoint, region: options.region });
  const context = {
    bucket: target.bucket,
    prefix: target.prefix,
    endpoint: endpoint && printableEndpoint(endpoint),
  };
  const unreadable = (err: unknown, op: 'list' | 'head', key?: string): UserError => {
    const mapped = mapS3Error(err, { ...context, op, key });
    if (!(mapped instanceof UserError)) return new UserError(`cannot read the manifest at ${s.url}`, LOCAL_HINT);
    return new UserError(
      `cannot read the manifest at ${s.url}: ${mapped.message}`,
      `${mapped.hint ? `${mapped.hint}; ` : ''}${LOCAL_HINT}`,
      { cause: err },
    );
  };
  try {
    let names: string[];
    try {
      // The manifests sit at the top of the prefix: a delimiter keeps the listing to one page.
      const page = await client.send(
        new ListObjectsCommand({ Bucket: target.bucket, Prefix: `${target.prefix}_manifest`, Delimiter: '/' }),
      );
      names = (page.Contents ?? [])
        .map((o) => (o.Key ?? '').slice(target.prefix.length))
        .filter((n) => MANIFEST.test(n));
    } catch (err) {
      throw unreadable(err, 'list');
    }
    if (names.length === 0)
      throw new UserError(
        `no _manifest.json at ${s.url}: nothing was staged there, or the upload has not finished (the manifest goes last)`,
        `stage the drop with idgraph upload <drop> --to ${s.url}, ${LOCAL_HINT}`,
      );
    for (const name of names) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.prefix + name }));
        writeFileSync(join(dir, name), await object.Body!.transformToByteArray());
      } catch (err) {
        throw unreadable(err, 'head', name);
      }
    }
  } finally {
    client.destroy();
  }
}

async function fetchVolumeManifests(s: Staging, dir: string, client: DatabricksClient): Promise<void> {
  let names: string[];
  try {
    const rows = await client.execute(`LIST ${sparkLiteral(s.url)}`);
    names = rows.map((r) => String(r.name ?? '')).filter((n) => MANIFEST.test(n));
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `cannot read the manifest at ${s.url}: ${(err as Error).message.split('\n')[0]}`,
      `check the path and READ VOLUME on it, ${LOCAL_HINT}`,
      { cause: err },
    );
  }
  if (names.length === 0)
    throw new UserError(
      `no _manifest.json at ${s.url}: nothing was staged there, or the upload has not finished (the manifest goes last)`,
      `stage the drop with idgraph upload <drop> --to ${s.url}, ${LOCAL_HINT}`,
    );
  for (const name of names) await client.get(`${s.url}/${name}`, join(dir, name));
}

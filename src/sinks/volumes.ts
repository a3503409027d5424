import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabricksClient, openDatabricksClient, sqlString } from '../databricks/client.js';
import type { RetryPolicy } from '../databricks/retry.js';
import { type DatabricksSettingsOptions, resolveDatabricksSettings } from '../databricks/settings.js';
import { sha256File } from './hash-file.js';
import {
  checkKey,
  type OpenSinkOptions,
  type PutOptions,
  sinkError,
  type StagingSink,
  type StoredObject,
} from './sink.js';

/** How a volume (or the driver) says a path is not there. */
const NOT_FOUND = /not.?found|does not exist|NO_SUCH|FILE_NOT_FOUND|PATH_NOT_FOUND/i;
/** How a PUT without OVERWRITE is refused for a path that exists. */
const EXISTS = /already exists|ALREADY_EXISTS/i;

export interface VolumesSinkOptions {
  settings?: DatabricksSettingsOptions;
  retry?: Partial<RetryPolicy>;
  /** An open client (tests, or a caller that already has one). */
  client?: DatabricksClient;
}

/**
 * Unity Catalog volume staging through the @databricks/sql driver's staging statements: PUT to
 * upload, GET to read back. A volume has no checksum metadata, so every upload is verified by
 * reading it back and comparing sha256 with the manifest, and a resumed upload hashes what is
 * already there before it skips a file: slower than S3, but nothing unverified counts as staged.
 * One writer per location through the staging lock (createExclusive, remove: staging-claim.ts).
 */
export async function openVolumesSink(root: string, options: OpenSinkOptions): Promise<StagingSink> {
  const opts = options.volumes ?? {};
  const client =
    opts.client ?? (await openDatabricksClient(resolveDatabricksSettings(opts.settings ?? {}), { retry: opts.retry }));
  const base = root.replace(/\/+$/, '');
  const scratch = mkdtempSync(join(tmpdir(), 'idgraph-volume-'));
  let downloads = 0;

  async function remoteSha256(path: string): Promise<string> {
    const local = join(scratch, `check-${downloads++}`);
    try {
      await client.get(path, local);
      return await sha256File(local);
    } finally {
      rmSync(local, { force: true });
    }
  }

  /** `LIST` rows of a volume path, or undefined when nothing is there. */
  async function listing(path: string): Promise<Record<string, unknown>[] | undefined> {
    try {
      return await client.execute(`LIST ${sqlString(path)}`);
    } catch (err) {
      if (NOT_FOUND.test((err as Error).message)) return undefined;
      throw err;
    }
  }

  /**
   * Keys under a key prefix (as on S3: `_manifest` matches `_manifest-shard-0-of-4.json`) with
   * their sizes, from LIST of the folder the prefix lies in and of every folder below it.
   */
  async function sizes(prefix: string): Promise<Map<string, number>> {
    const found: [string, number][] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const r of (await listing(dir)) ?? []) {
        const p = String(r.path).replace(/\/+$/, '');
        const key = p.slice(base.length + 1);
        if (String(r.path).endsWith('/')) {
          // Only folders that can hold a matching key: `_manifest` never walks the table folders.
          if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(p);
        } else if (key.startsWith(prefix)) found.push([key, Number(r.size)]);
      }
    };
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    await walk(folder ? `${base}/${folder}` : base);
    return new Map(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  return {
    driver: 'volumes',
    describe: () => base,
    async stat(key: string): Promise<StoredObject | undefined> {
      const path = `${base}/${checkKey('volumes', key)}`;
      const row = (await listing(path))?.find((r) => String(r.path).replace(/\/+$/, '') === path);
      if (!row) return undefined;
      return { size: Number(row.size), sha256: await remoteSha256(path) };
    },
    async put(key: string, localPath: string, o: PutOptions): Promise<void> {
      const path = `${base}/${checkKey('volumes', key)}`;
      o.signal?.throwIfAborted();
      await client.put(localPath, path);
      o.onProgress?.(o.size);
      const got = await remoteSha256(path);
      if (got !== o.sha256)
        throw sinkError(
          'volumes',
          `${path} does not match its manifest checksum after upload`,
          'rerun the upload; a flaky network or storage changed the bytes',
        );
    },
    async list(prefix: string): Promise<string[]> {
      return [...(await sizes(prefix)).keys()];
    },
    /**
     * PUT without OVERWRITE: the warehouse refuses a path that exists (Databricks SQL reference,
     * PUT INTO). The presigned transfer comes after that check, so two racing creates can both
     * pass it; the staging lock reads its object back to settle that (staging-claim.ts).
     */
    async createExclusive(key: string, body: string): Promise<boolean> {
      const path = `${base}/${checkKey('volumes', key)}`;
      const local = join(scratch, `create-${downloads++}`);
      writeFileSync(local, body);
      try {
        await client.put(local, path, { overwrite: false });
        return true;
      } catch (err) {
        if (EXISTS.test((err as Error).message)) return false;
        throw err;
      } finally {
        rmSync(local, { force: true });
      }
    },
    async remove(key: string): Promise<void> {
      const path = `${base}/${checkKey('volumes', key)}`;
      try {
        await client.remove(path);
      } catch (err) {
        if (!NOT_FOUND.test((err as Error).message)) throw err;
      }
    },
    listSizes: sizes,
    async readText(key: string): Promise<string | undefined> {
      const path = `${base}/${checkKey('volumes', key)}`;
      const local = join(scratch, `text-${downloads++}`);
      try {
        await client.get(path, local);
        return readFileSync(local, 'utf8');
      } catch (err) {
        if (NOT_FOUND.test((err as Error).message)) return undefined;
        throw err;
      } finally {
        rmSync(local, { force: true });
      }
    },
    async close(): Promise<void> {
      rmSync(scratch, { recursive: true, force: true });
      if (!opts.client) await client.close();
    },
  };
}

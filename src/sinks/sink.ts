import { UserError } from '../errors.js';
import { parseSinkUrl } from './sink-url.js';
import type { S3SinkOptions } from './s3.js';
import type { VolumesSinkOptions } from './volumes.js';

/** What a sink knows about one stored object. `sha256` (hex) is absent when the store cannot tell. */
export interface StoredObject {
  size: number;
  sha256?: string;
}

export interface PutOptions {
  /** Hex sha256 of the file, from the manifest: the driver checks the bytes it sends against it. */
  sha256: string;
  size: number;
  /** Bytes of this file sent so far (may go back down when a part is retried). */
  onProgress?: (bytesSent: number) => void;
  signal?: AbortSignal;
}

/**
 * A staging location for a drop: one implementation per driver (local.ts, s3.ts, volumes.ts),
 * unstorage-style. Keys are '/'-separated paths relative to the sink's root (the drop's own
 * relative paths), so the staged layout mirrors the local drop.
 *
 * Contract every driver keeps:
 * - `put` is atomic from a reader's point of view (nothing partial under the final key) and
 *   resolves only once the object is stored and verified (size and sha256);
 * - `put` of the same key twice leaves one object (idempotent);
 * - errors a user can fix are `UserError`s tagged with the driver (`[s3] …`) and never contain secrets.
 */
export interface StagingSink {
  readonly driver: string;
  /** Where the files go, safe to print (no credentials). */
  describe(): string;
  /** Size and sha256 of a stored object, or undefined when there is none. */
  stat(key: string): Promise<StoredObject | undefined>;
  put(key: string, localPath: string, options: PutOptions): Promise<void>;
  /** Keys (relative to the root) under a key prefix ('' for everything). */
  list(prefix: string): Promise<string[]>;
  /**
   * Optional, for one writer per location (staging-claim.ts): the text of a small object (a lock,
   * a manifest) or undefined when absent; create an object only if none exists (false if one
   * does); delete an object. Drivers without all three are not locked (every driver here has them).
   */
  readText?(key: string): Promise<string | undefined>;
  /**
   * Optional: keys under a key prefix with their sizes, from listings only, for stores where
   * `stat` must read an object back to hash it (volumes). `seal` checks sizes with it.
   */
  listSizes?(prefix: string): Promise<Map<string, number>>;
  createExclusive?(key: string, body: string): Promise<boolean>;
  remove?(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenSinkOptions {
  /** S3-compatible endpoint; overrides AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Region; overrides AWS_REGION / the profile's region. */
  region?: string;
  /** Driver-specific tuning (credentials for tests, part size, retry attempts…). */
  s3?: Omit<S3SinkOptions, 'endpoint' | 'region'>;
  /** Settings for the Unity Catalog volume driver. */
  volumes?: VolumesSinkOptions;
}

/** A user-fixable error tagged with its driver: `[s3] bucket 'x' does not exist`. */
export function sinkError(driver: string, message: string, hint?: string, cause?: unknown): UserError {
  return new UserError(`[${driver}] ${message}`, hint, cause === undefined ? undefined : { cause });
}

/** Keys are relative '/'-paths without '.', '..' or empty segments, so no driver can write outside its root. */
export function checkKey(driver: string, key: string): string {
  const segments = key.split('/');
  if (key === '' || segments.some((s) => s === '' || s === '.' || s === '..') || key.includes('\\')) {
    throw sinkError(driver, `invalid key '${key}'`, 'keys are relative paths inside the drop');
  }
  return key;
}

/**
 * Opens the sink a `--to` URL names. Drivers are imported on demand so the AWS SDK (or the
 * Databricks driver) is only loaded by the commands that stage files.
 */
export async function openSink(url: string, options: OpenSinkOptions = {}): Promise<StagingSink> {
  const target = parseSinkUrl(url);
  switch (target.kind) {
    case 'local': {
      const { openLocalSink } = await import('./local.js');
      return openLocalSink(target.dir);
    }
    case 's3': {
      const { openS3Sink } = await import('./s3.js');
      return openS3Sink(target.bucket, target.prefix, {
        ...options.s3,
        endpoint: options.endpoint,
        region: options.region,
      });
    }
    case 'volumes': {
      const { openVolumesSink } = await import('./volumes.js');
      return openVolumesSink(target.path, options);
    }
  }
}

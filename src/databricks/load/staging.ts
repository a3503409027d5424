import { UserError } from '../../errors.js';

/** Where the drop was staged: an S3 prefix (behind a Unity Catalog external location) or a volume path. */
export interface Staging {
  /** Normalised location, no trailing slash. */
  url: string;
  kind: 's3' | 'volume';
  /** For /Volumes/<catalog>/<schema>/<volume>/…: the volume, so a missing READ VOLUME can be named. */
  volume?: { catalog: string; schema: string; name: string };
}

const S3 = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
const VOLUME = /^\/Volumes\/([^/]+)\/([^/]+)\/([^/]+)(\/.*)?$/;

/**
 * Accepts `s3://bucket/prefix` or `/Volumes/catalog/schema/volume/prefix`. The location ends up
 * in SQL string literals (escaped there); control characters are refused outright.
 */
export function parseStaging(location: string): Staging {
  const url = location.replace(/\/+$/, '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(url))
    throw new UserError(
      `staging location ${JSON.stringify(location)} contains control characters`,
      'pass the s3:// or /Volumes/ prefix the drop was uploaded to',
    );
  if (S3.test(url)) return { url, kind: 's3' };
  const v = VOLUME.exec(url);
  if (v) return { url, kind: 'volume', volume: { catalog: v[1], schema: v[2], name: v[3] } };
  throw new UserError(
    `--from ${JSON.stringify(location)} is not a staging location Databricks can load from`,
    'use s3://bucket/prefix (an external location) or /Volumes/<catalog>/<schema>/<volume>/<prefix> (upload the drop there first)',
  );
}

/** `<staging>/<table>`: the folder COPY INTO reads one table from. */
export const tableLocation = (staging: Staging, table: string): string => `${staging.url}/${table}`;

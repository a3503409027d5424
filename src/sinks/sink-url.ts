import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

export type SinkTarget =
  | { kind: 'local'; dir: string }
  | { kind: 's3'; bucket: string; prefix: string }
  | { kind: 'volumes'; path: string };

const SUPPORTED = 's3://<bucket>/<prefix>, /Volumes/<catalog>/<schema>/<volume>/<path>, or a local directory';

/** S3's naming rules for buckets (lower case, 3–63 characters, no leading/trailing dot or dash). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Reads a `--to` value: `s3://…`, `/Volumes/…` (or `dbfs:/Volumes/…`), `file://…`, or a plain path. */
export function parseSinkUrl(url: string): SinkTarget {
  const text = url.trim();
  if (text === '') throw new UserError('--to is empty', `pass one of: ${SUPPORTED}`);

  const volume = /^(?:dbfs:)?(\/Volumes\/.*)$/.exec(text);
  if (volume) return { kind: 'volumes', path: parseVolumePath(volume[1]) };

  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'local', dir: resolve(text) };
  if (scheme === 'file') return { kind: 'local', dir: fileURLToPath(text) };
  if (scheme !== 's3') {
    throw new UserError(
      `unsupported staging target '${text}': the ${scheme}:// scheme is not supported`,
      `pass one of: ${SUPPORTED}`,
    );
  }

  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (!BUCKET.test(bucket)) {
    throw new UserError(
      `'${bucket}' in ${text} is not a valid S3 bucket name`,
      'use s3://<bucket>/<prefix> with a bucket name of 3–63 lower-case letters, digits, dots and dashes',
    );
  }
  const segments = (slash < 0 ? '' : rest.slice(slash + 1)).split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..'))
    throw new UserError(
      `the prefix in ${text} contains '.' or '..'`,
      'use a plain key prefix such as s3://bucket/staging/run-42',
    );
  // Always a folder: files land at <prefix>/<table>/…, never beside a similarly named prefix.
  return { kind: 's3', bucket, prefix: segments.length ? `${segments.join('/')}/` : '' };
}

function parseVolumePath(path: string): string {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length < 4 || segments.some((s) => s === '.' || s === '..')) {
    throw new UserError(
      `'${path}' is not a Unity Catalog volume path`,
      'use /Volumes/<catalog>/<schema>/<volume>[/<folder>]',
    );
  }
  return `/${segments.join('/')}`;
}

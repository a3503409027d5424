import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { UserError } from '../errors.js';
import { maxAttemptsFromEnv, uploadRetryStrategy } from './s3-retry.js';

export interface S3ClientSettings {
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  credentials?: S3ClientConfig['credentials'];
  /** Attempts per request (default AWS_MAX_ATTEMPTS, else 8); see s3-retry.ts. */
  maxAttempts?: number;
}

/** The endpoint in use: the flag, else the SDK's own variables for S3-compatible stores. */
export function resolveEndpoint(flag: string | undefined): URL | undefined {
  const text = flag ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  if (text === undefined || text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      `[s3] endpoint '${redact(text)}' is not a URL`,
      'pass --endpoint http(s)://host:port (or set AWS_ENDPOINT_URL)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      `[s3] endpoint '${printableEndpoint(url)}' must be http:// or https://`,
      'pass --endpoint http(s)://host:port (or set AWS_ENDPOINT_URL)',
    );
  }
  return url;
}

/** An endpoint without user info or query, safe to print. */
export const printableEndpoint = (url: URL): string =>
  `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;

const redact = (text: string): string => text.replace(/\/\/[^/@]*@/, '//***@');

/**
 * Builds a client with the SDK's default credential chain (env, SSO, profile, web identity,
 * container and instance metadata) and region resolution. A custom endpoint implies path-style
 * addressing, which S3-compatible stores (MinIO, Ceph, s3rver…) expect.
 */
export async function createS3Client(settings: S3ClientSettings): Promise<{ client: S3Client; endpoint?: URL }> {
  const endpoint = resolveEndpoint(settings.endpoint);
  const maxAttempts = settings.maxAttempts ?? maxAttemptsFromEnv();
  const config = (region: string | undefined): S3ClientConfig => ({
    region,
    endpoint: endpoint?.href,
    forcePathStyle: settings.forcePathStyle ?? endpoint !== undefined,
    followRegionRedirects: endpoint === undefined,
    credentials: settings.credentials,
    maxAttempts,
    retryStrategy: uploadRetryStrategy(maxAttempts),
    // Checksums are sent explicitly (the manifest's SHA-256). Left to the SDK, streaming bodies
    // go out aws-chunked with a trailing CRC, which several S3-compatible stores save verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A connection that stalls is dropped and retried rather than hanging the upload.
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 120_000 },
  });
  let client = new S3Client(config(settings.region));
  if (settings.region === undefined) {
    // No region in the flags, env or profile: S3-compatible stores ignore it, and AWS redirects
    // to the bucket's region (followRegionRedirects), so us-east-1 is a safe start.
    const resolved = await client.config.region().catch(() => undefined);
    if (!resolved) {
      client.destroy();
      client = new S3Client(config('us-east-1'));
    }
  }
  return { client, endpoint };
}

import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { UserError } from '../errors.js';
import { maxAttemptsFromEnv, type RetryNotice, uploadRetryStrategy } from './s3-retry.js';

/** Every wait on the store has a bound; flags override the environment, which overrides these. */
export interface S3Timeouts {
  /** Establishing a TCP (and TLS) connection. */
  connectMs: number;
  /** One request from start to the answer's headers (a small file's whole body, or one part). */
  requestMs: number;
  /** One request with all its retries: no retry starts that could end later than this. */
  retryBudgetMs: number;
}

export const DEFAULT_S3_TIMEOUTS: S3Timeouts = { connectMs: 10_000, requestMs: 120_000, retryBudgetMs: 300_000 };

/** The environment variable and flag behind each timeout, for messages and the README. */
export const S3_TIMEOUT_SETTINGS: Record<keyof S3Timeouts, { env: string; flag: string }> = {
  connectMs: { env: 'IDGRAPH_S3_CONNECT_TIMEOUT', flag: '--connect-timeout' },
  requestMs: { env: 'IDGRAPH_S3_REQUEST_TIMEOUT', flag: '--request-timeout' },
  retryBudgetMs: { env: 'IDGRAPH_S3_RETRY_BUDGET', flag: '--retry-budget' },
};

/** Seconds (decimals allowed) > 0 and at most a day, from a flag or a variable; anything else is named. */
export function parseSeconds(text: string, source: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86_400)
    throw new UserError(
      `${source} must be a number of seconds above 0 and at most 86400 (got '${text}')`,
      `for example ${source.startsWith('--') ? `${source} 30` : `${source}=30`}`,
    );
  return Math.round(n * 1000);
}

/** Flag values (already in ms) first, then IDGRAPH_S3_* variables (seconds), then the defaults. */
export function resolveS3Timeouts(flags: Partial<S3Timeouts> = {}): S3Timeouts {
  const out = { ...DEFAULT_S3_TIMEOUTS };
  for (const key of Object.keys(out) as (keyof S3Timeouts)[]) {
    const env = process.env[S3_TIMEOUT_SETTINGS[key].env];
    if (flags[key] !== undefined) out[key] = flags[key];
    else if (env !== undefined && env !== '') out[key] = parseSeconds(env, S3_TIMEOUT_SETTINGS[key].env);
  }
  return out;
}

export interface S3ClientSettings {
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  credentials?: S3ClientConfig['credentials'];
  /** Attempts per request (default AWS_MAX_ATTEMPTS, else 8); see s3-retry.ts. */
  maxAttempts?: number;
  /** Connect, request and retry-budget bounds; unset ones come from IDGRAPH_S3_* or the defaults. */
  timeouts?: Partial<S3Timeouts>;
  /** Called before each retry (progress while a store is slow or silent). */
  onRetry?: (notice: RetryNotice) => void;
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
      'pass --endpoint-url http(s)://host:port (or set AWS_ENDPOINT_URL)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      `[s3] endpoint '${printableEndpoint(url)}' must be http:// or https://`,
      'pass --endpoint-url http(s)://host:port (or set AWS_ENDPOINT_URL)',
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
export async function createS3Client(
  settings: S3ClientSettings,
): Promise<{ client: S3Client; endpoint?: URL; timeouts: S3Timeouts }> {
  const endpoint = resolveEndpoint(settings.endpoint);
  const maxAttempts = settings.maxAttempts ?? maxAttemptsFromEnv();
  const timeouts = resolveS3Timeouts(settings.timeouts);
  const config = (region: string | undefined): S3ClientConfig => ({
    region,
    endpoint: endpoint?.href,
    forcePathStyle: settings.forcePathStyle ?? endpoint !== undefined,
    followRegionRedirects: endpoint === undefined,
    credentials: settings.credentials,
    maxAttempts,
    retryStrategy: uploadRetryStrategy({
      maxAttempts,
      budgetMs: timeouts.retryBudgetMs,
      attemptMs: timeouts.requestMs,
      onRetry: settings.onRetry,
    }),
    // Checksums are sent explicitly (the manifest's SHA-256). Left to the SDK, streaming bodies
    // go out aws-chunked with a trailing CRC, which several S3-compatible stores save verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The SDK's own bounds: a store that accepts connections but never answers fails the attempt
    // after requestTimeout (throwOnRequestTimeout turns the SDK's warning into a TimeoutError,
    // which it retries), instead of waiting forever.
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
    },
  });
  // Loaded here, not at the top: every command imports this module for its flags, and the SDK
  // costs ~0.1 s of start-up that only commands talking to S3 should pay.
  const { S3Client } = await import('@aws-sdk/client-s3');
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
  return { client, endpoint, timeouts };
}

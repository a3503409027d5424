import { UNREACHABLE_CODES } from '../net-errors.js';
import { S3_TIMEOUT_SETTINGS, type S3Timeouts } from './s3-client.js';
import { sinkError } from './sink.js';

const DRIVER = 's3';

/** What was being done when S3 answered: picks the permission a refusal is about. */
export type S3Operation = 'list' | 'head' | 'get' | 'put' | 'delete';

export interface S3ErrorContext {
  op: S3Operation;
  bucket: string;
  /** Key prefix of the sink ('' for the bucket root). */
  prefix: string;
  key?: string;
  /** Printable endpoint, undefined for AWS itself. */
  endpoint?: string;
  /** The bounds in use, named when one of them ran out. */
  timeouts?: S3Timeouts;
}

const PERMISSION: Record<S3Operation, string> = {
  list: 's3:ListBucket',
  // HEAD needs s3:GetObject; without s3:ListBucket, S3 answers 403 (not 404) for a missing key.
  head: 's3:GetObject (and s3:ListBucket, without which S3 answers 403 for a missing key)',
  get: 's3:GetObject',
  put: 's3:PutObject',
  delete: 's3:DeleteObject',
};

const CREDENTIALS_HINT =
  'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), ' +
  'or AWS_PROFILE to a profile in ~/.aws/config (renew an SSO session with `aws sso login --profile <name>`)';

/** Plus a reset or broken pipe: the SDK has retried those already, and what is left is a network problem to report as such. */
const UNREACHABLE: ReadonlySet<string> = new Set([...UNREACHABLE_CODES, 'ECONNRESET', 'EPIPE']);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  errors?: { code?: string }[];
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const VERB: Record<S3Operation, string> = {
  list: 'listing',
  head: 'checking',
  get: 'reading',
  put: 'writing',
  delete: 'deleting',
};

const seconds = (ms: number): string => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;

/** The SDK's TimeoutError (connect, request or idle socket), also when wrapped. */
function isTimeout(err: SdkError, depth = 0): boolean {
  if (err.name === 'TimeoutError') return true;
  return err.cause !== undefined && depth < 5 && isTimeout(err.cause as SdkError, depth + 1);
}

/** A Node network error code, also when wrapped (AggregateError from happy eyeballs, `cause`). */
function networkCode(err: SdkError, depth = 0): string | undefined {
  if (err.code && UNREACHABLE.has(err.code)) return err.code;
  if (err.name === 'TimeoutError') return 'ETIMEDOUT';
  for (const inner of err.errors ?? []) if (inner.code && UNREACHABLE.has(inner.code)) return inner.code;
  if (err.cause && depth < 5) return networkCode(err.cause as SdkError, depth + 1);
  return undefined;
}

/**
 * Maps an SDK failure to one message naming the bucket/prefix and what to fix. Aborts pass
 * through untouched; every other failure becomes a tagged UserError (the SDK already retried
 * what could be retried, so what is left is for the user to act on).
 */
export function mapS3Error(error: unknown, ctx: S3ErrorContext): Error {
  const err = (error ?? {}) as SdkError;
  if (err.name === 'AbortError') return error as Error;
  const where = `s3://${ctx.bucket}/${ctx.key !== undefined ? ctx.prefix + ctx.key : ctx.prefix}`;
  const at = ctx.endpoint ? ` at ${ctx.endpoint}` : '';
  const status = err.$metadata?.httpStatusCode;
  const name = err.name ?? '';

  if (name === 'NoSuchBucket') {
    return sinkError(
      DRIVER,
      `bucket '${ctx.bucket}' does not exist${at}`,
      `create it (aws s3 mb s3://${ctx.bucket}) or fix the bucket in --to${ctx.endpoint ? '; check that --endpoint / AWS_ENDPOINT_URL names the right store' : ''}`,
      error,
    );
  }
  if (name === 'InvalidAccessKeyId') {
    return sinkError(DRIVER, `the access key id is not known${at || ' to AWS'}`, CREDENTIALS_HINT, error);
  }
  if (name === 'SignatureDoesNotMatch') {
    return sinkError(DRIVER, `the secret access key does not match the access key id${at}`, CREDENTIALS_HINT, error);
  }
  if (
    ['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'InvalidToken', 'RequestExpired'].includes(name)
  ) {
    return sinkError(
      DRIVER,
      'the AWS session credentials have expired or are invalid',
      `renew them: ${CREDENTIALS_HINT}`,
      error,
    );
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(err.message ?? '')) {
    return sinkError(DRIVER, 'no AWS credentials found', CREDENTIALS_HINT, error);
  }
  if (name === 'AccessDenied' || name === 'AllAccessDisabled' || (status === 403 && ctx.op === 'head')) {
    const resource = ctx.op === 'list' ? `arn:aws:s3:::${ctx.bucket}` : `arn:aws:s3:::${ctx.bucket}/${ctx.prefix}*`;
    return sinkError(
      DRIVER,
      `access denied to ${where}: the credentials in use lack ${PERMISSION[ctx.op]}`,
      `grant ${PERMISSION[ctx.op].split(' ')[0]} on ${resource} to that identity (check AWS_PROFILE / the role), or stage under a prefix it may write`,
      error,
    );
  }
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || status === 301) {
    return sinkError(
      DRIVER,
      `bucket '${ctx.bucket}' is in another region than the one in use`,
      "pass --region (or set AWS_REGION) to the bucket's region",
      error,
    );
  }
  if (isTimeout(err) && ctx.timeouts) {
    const t = ctx.timeouts;
    const connect = /establish a connection/i.test(err.message ?? '');
    const attempts = err.$metadata?.attempts;
    const bound = connect
      ? `could not connect within the ${seconds(t.connectMs)} connect timeout`
      : `sent no answer within the ${seconds(t.requestMs)} request timeout`;
    const knob = connect ? S3_TIMEOUT_SETTINGS.connectMs : S3_TIMEOUT_SETTINGS.requestMs;
    return sinkError(
      DRIVER,
      `${ctx.endpoint ?? 'S3'} ${bound}${attempts ? ` (${attempts} attempt${attempts === 1 ? '' : 's'} within the ${seconds(t.retryBudgetMs)} retry budget)` : ''} while ${VERB[ctx.op]} ${where}`,
      `check ${ctx.endpoint ? '--endpoint / AWS_ENDPOINT_URL, ' : ''}the network and any proxy; on a slow link raise ${knob.flag} (${knob.env}) or ${S3_TIMEOUT_SETTINGS.retryBudgetMs.flag}; then rerun: files already staged are skipped`,
      error,
    );
  }
  const code = networkCode(err);
  if (code) {
    const attempts = err.$metadata?.attempts;
    return sinkError(
      DRIVER,
      `cannot reach ${ctx.endpoint ?? 'S3'} (${code}${attempts ? ` after ${attempts} attempts` : ''}) while writing ${where}`,
      `check ${ctx.endpoint ? '--endpoint / AWS_ENDPOINT_URL, ' : ''}the network and any proxy, then rerun: files already staged are skipped`,
      error,
    );
  }
  if (status !== undefined && status >= 500) {
    return sinkError(
      DRIVER,
      `the store kept failing (${name || 'HTTP'} ${status}${err.$metadata?.attempts ? ` after ${err.$metadata.attempts} attempts` : ''}) on ${where}`,
      'rerun later: files already staged are skipped',
      error,
    );
  }
  if (status !== undefined) {
    return sinkError(
      DRIVER,
      `${ctx.op} ${where} was refused: ${name || `HTTP ${status}`}${err.message && err.message !== name ? ` — ${err.message}` : ''}`,
      undefined,
      error,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

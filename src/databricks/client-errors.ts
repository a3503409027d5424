/**
 * Turns whatever @databricks/sql throws into one DatabricksError (a UserError, exit code 2) per
 * failure mode, with the token or client secret redacted from every string. The original error is
 * deliberately not attached as `cause`: driver errors can carry request details, and the CLI may
 * print causes.
 */
import { UNREACHABLE_CODES } from '../net-errors.js';
import { UserError } from '../errors.js';
import { describeEndpoint, redact, type DatabricksSettings } from './settings.js';

export type DatabricksErrorKind =
  | 'auth'
  | 'unavailable'
  | 'not-found'
  | 'statement'
  | 'connection'
  | 'tls'
  | 'staging'
  | 'other';

export class DatabricksError extends UserError {
  constructor(
    readonly kind: DatabricksErrorKind,
    message: string,
    hint: string | undefined,
    readonly details: { httpStatus?: number; sqlState?: string; code?: string } = {},
  ) {
    super(`[databricks] ${message}`, hint);
    this.name = 'DatabricksError';
  }
}

export interface FailureContext {
  /** The statement being run, if any (shown shortened in the hint). */
  sql?: string;
  /** For staging transfers. */
  upload?: { localPath: string; volumePath: string };
  /** How many times the request was tried and for how long, when it was retried. */
  retry?: { attempts: number; elapsedMs: number };
}

type Loose = Record<string, unknown>;

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const DROP_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** HTTP status of a failed Thrift request (the driver's THTTPException), if that is what this is. */
export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as Loose | undefined)?.statusCode;
  if (typeof status === 'number') return status;
  // Retry exhaustion inside the driver only leaves the status in the message.
  const m = /^Hive driver: (\d{3}) when connecting to resource/.exec(messageOf(err));
  return m ? Number(m[1]) : undefined;
}

/** The value of a Retry-After header (seconds) on a failed Thrift request, if any. */
export function retryAfterMsOf(err: unknown): number | undefined {
  const headers = ((err as Loose | undefined)?.response as Loose | undefined)?.headers as
    | { get?: (n: string) => string | null }
    | undefined;
  const value = Number(headers?.get?.('Retry-After') ?? NaN);
  return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}

function messageOf(err: unknown): string {
  if (err && typeof err === 'object' && typeof (err as Loose).message === 'string')
    return (err as Loose).message as string;
  return String(err);
}

function codeOf(err: unknown): string | undefined {
  const e = err as Loose | undefined;
  const code = e?.code ?? e?.errno;
  return typeof code === 'string' ? code : undefined;
}

const isDriverRetryExhaustion = (err: unknown): boolean =>
  /when connecting to resource\. (Max retry count|Retry timeout) exceeded/.test(messageOf(err));

/** Inline COPY INTO credentials (temporary_credential_options, encryption keys) never reach a message. */
const INLINE_SECRET =
  /\b(AWS_ACCESS_KEY|AWS_SECRET_KEY|AWS_SESSION_TOKEN|AZURE_SAS_TOKEN|MASTER_KEY)(\s*=\s*)'(?:[^'\\]|\\.)*'/gi;

function shorten(sql: string): string {
  const flat = sql.replace(INLINE_SECRET, "$1$2'[REDACTED]'").replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * What to do after a statement failed: fix what the warehouse named, then rerun, which is safe
 * (each COPY INTO commits alone and skips files already loaded; the DDL is IF NOT EXISTS). The
 * statement follows, shortened and with inline credentials redacted, to show which one it was.
 */
function statementFix(ctx: FailureContext): string {
  const statement = ctx.sql ? `; the statement was: ${shorten(ctx.sql)}` : '';
  return `correct what the warehouse reports (a grant, a table, the staging path), then rerun the command; a load picks up where it stopped, since COPY INTO skips files already loaded${statement}`;
}

function retryNote(ctx: FailureContext): string {
  if (!ctx.retry || ctx.retry.attempts <= 1) return '';
  return ` after ${ctx.retry.attempts} attempts over ${Math.round(ctx.retry.elapsedMs / 1000)} s`;
}

function authHint(settings: DatabricksSettings): string {
  const from =
    settings.sources.auth === 'env'
      ? 'the environment'
      : settings.sources.auth === 'option'
        ? 'the options'
        : settings.sources.auth;
  return settings.auth.kind === 'pat'
    ? `the personal access token from ${from} is invalid, expired or not allowed to use this warehouse: create a new one (Settings → Developer → Access tokens) and set DATABRICKS_TOKEN`
    : `the OAuth client id/secret from ${from} were refused: check DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET and that the service principal may use this warehouse`;
}

function classify(err: unknown, settings: DatabricksSettings, ctx: FailureContext): DatabricksError {
  const endpoint = describeEndpoint(settings);
  const status = httpStatusOf(err);
  const code = codeOf(err);
  const message = messageOf(err);
  const name = (err as Loose | undefined)?.constructor?.name;

  if (status === 401 || status === 403 || name === 'AuthenticationError') {
    return new DatabricksError(
      'auth',
      `authentication failed for ${endpoint}${status ? ` (HTTP ${status})` : ''}`,
      authHint(settings),
      { httpStatus: status },
    );
  }
  if (status === 404) {
    return new DatabricksError(
      'not-found',
      `no SQL warehouse answers at ${endpoint} (HTTP 404)`,
      'check the warehouse id / DATABRICKS_HTTP_PATH (SQL Warehouses → Connection details)',
      { httpStatus: status },
    );
  }
  if (status === 429 || status === 503 || (status !== undefined && status >= 500) || isDriverRetryExhaustion(err)) {
    return new DatabricksError(
      'unavailable',
      `the SQL warehouse at ${endpoint} is unavailable (HTTP ${status ?? 'error'})${retryNote(ctx)}`,
      'start the warehouse (SQL Warehouses page) or wait until it is running, then run again; check the warehouse id if it keeps failing',
      { httpStatus: status },
    );
  }
  // A statement the server ran and rejected: OperationStateError (async) or StatusError (sync).
  const stateResponse = (err as Loose | undefined)?.response as Loose | undefined;
  if (name === 'OperationStateError' || (err as Loose | undefined)?.name === 'Status Error') {
    const serverText = (stateResponse?.displayMessage ?? stateResponse?.errorMessage ?? message) as string;
    const sqlState = (stateResponse?.sqlState as string | undefined) ?? undefined;
    const firstLine = serverText.split('\n')[0].trim() || 'the statement failed';
    return new DatabricksError(
      'statement',
      `statement failed: ${firstLine}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`,
      statementFix(ctx),
      { sqlState },
    );
  }
  if (code && TLS_CODES.has(code)) {
    return new DatabricksError(
      'tls',
      `the TLS certificate of ${settings.host} could not be verified (${code})`,
      'if a proxy inspects TLS, pass its CA certificate; otherwise check DATABRICKS_HOST',
      { code },
    );
  }
  if ((code && DROP_CODES.has(code)) || /socket hang up|ECONNRESET/.test(message)) {
    return new DatabricksError(
      'connection',
      `the connection to ${endpoint} was dropped (${code ?? 'socket hang up'})`,
      'check the network, VPN or proxy and run again (COPY INTO skips files it already loaded, so a rerun is safe)',
      { code },
    );
  }
  if (code && UNREACHABLE_CODES.has(code)) {
    return new DatabricksError(
      'connection',
      `cannot reach ${endpoint} (${code})`,
      'check DATABRICKS_HOST and your network connection',
      { code },
    );
  }
  if (ctx.upload || name === 'StagingError') {
    const where = ctx.upload ? ` of ${ctx.upload.localPath} to ${ctx.upload.volumePath}` : '';
    return new DatabricksError(
      'staging',
      `upload${where} failed: ${message}`,
      'check WRITE VOLUME on the volume and that the local file is readable',
    );
  }
  return new DatabricksError(
    'other',
    `request to ${endpoint} failed: ${message}`,
    ctx.sql ? `statement: ${shorten(ctx.sql)}` : undefined,
    { code },
  );
}

/** One DatabricksError for any driver failure, secrets removed from message and hint. */
export function toDatabricksError(
  err: unknown,
  settings: DatabricksSettings,
  ctx: FailureContext = {},
): DatabricksError {
  if (err instanceof DatabricksError) return err;
  const classified = classify(err, settings, ctx);
  const safe = new DatabricksError(
    classified.kind,
    redact(classified.message.replace(/^\[databricks\] /, ''), settings),
    classified.hint === undefined ? undefined : redact(classified.hint, settings),
    classified.details,
  );
  return safe;
}

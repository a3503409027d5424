/**
 * Retrying requests the driver itself will not retry.
 *
 * @databricks/sql retries only idempotent Thrift calls (GetOperationStatus, CloseOperation,
 * GetResultSetMetadata, …) and never OpenSession or ExecuteStatement. A warehouse that is starting
 * or scaling answers 503 (or 429) before it accepts a request, so those two calls are retried here
 * on 429/503 only: the request was refused, not half-run (the same rule the Python connector
 * follows). A dropped connection is not retried: the statement may have run.
 */
import { httpStatusOf, retryAfterMsOf } from './client-errors.js';

export interface RetryPolicy {
  /** Tries in all, first included. */
  maxAttempts: number;
  delayMinMs: number;
  delayMaxMs: number;
  /** No new try starts after this much time. */
  totalTimeoutMs: number;
}

/**
 * Defaults, shared with the driver's own retries: 30 tries, 1 s doubling to at most 60 s, within
 * 15 minutes. That covers a classic warehouse cold start (a few minutes) with room to spare, and
 * matches databricks-sql-python's defaults.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 30,
  delayMinMs: 1_000,
  delayMaxMs: 60_000,
  totalTimeoutMs: 15 * 60_000,
};

export class RetriesExhausted extends Error {
  constructor(
    readonly last: unknown,
    readonly attempts: number,
    readonly elapsedMs: number,
  ) {
    super('retries exhausted');
    this.name = 'RetriesExhausted';
  }
}

/** 429/503 from the Thrift endpoint, and 429/5xx from cloud storage during a staging transfer. */
export function isRefusedBeforeRunning(err: unknown): boolean {
  const status = httpStatusOf(err);
  if (status === 429 || status === 503) return true;
  const name = (err as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  const message = (err as { message?: unknown } | undefined)?.message;
  return name === 'StagingError' && typeof message === 'string' && /^HTTP error (429|5\d\d)\b/.test(message);
}

/** A backoff pause that Ctrl-C ends at once (the caller then sees the abort, not another try). */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * Runs `fn`, retrying with exponential backoff (Retry-After honoured as a floor) while
 * `retryable(err)` holds. Throws RetriesExhausted when attempts or time run out, else the error.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  retryable: (err: unknown) => boolean = isRefusedBeforeRunning,
  signal?: AbortSignal,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (!retryable(err) || signal?.aborted) throw err;
      const elapsed = Date.now() - started;
      const backoff = Math.min(policy.delayMinMs * 2 ** (attempt - 1), policy.delayMaxMs);
      const delay = Math.max(backoff, retryAfterMsOf(err) ?? 0);
      if (attempt >= policy.maxAttempts || elapsed + delay > policy.totalTimeoutMs) {
        throw new RetriesExhausted(err, attempt, elapsed);
      }
      await sleep(delay, signal);
      if (signal?.aborted) throw err;
    }
  }
}

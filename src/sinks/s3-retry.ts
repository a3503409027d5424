import type { S3ClientConfig } from '@aws-sdk/client-s3';

type Strategy = Extract<NonNullable<S3ClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;
type Token = Awaited<ReturnType<Strategy['acquireInitialRetryToken']>>;

/** Attempts per request, first try included, unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_DELAY_MS = 20_000;
const BASE_DELAY_MS = { TRANSIENT: 100, THROTTLING: 500 } as const;

export function maxAttemptsFromEnv(): number {
  const n = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_MAX_ATTEMPTS;
}

/** What a retry is about to do, for a progress line: a silent wait is indistinguishable from a hang. */
export interface RetryNotice {
  /** The attempt about to start (2 for the first retry). */
  attempt: number;
  maxAttempts: number;
  /** Since the request's first attempt started. */
  elapsedMs: number;
  delayMs: number;
  budgetMs: number;
  /** The failure that is retried: an error name or HTTP status, e.g. 'TimeoutError', 'HTTP 503'. */
  reason: string;
  /** The failure was a timeout (no connection or no answer in time). */
  timeout: boolean;
}

export interface RetryLimits {
  maxAttempts: number;
  /** No retry starts that could end later than this after the request's first attempt. */
  budgetMs: number;
  /** The longest one attempt may take (the handler's requestTimeout). */
  attemptMs: number;
  onRetry?: (notice: RetryNotice) => void;
}

type Started = Token & { readonly startedAt: number };

function reasonOf(error: unknown): { reason: string; timeout: boolean } {
  const e = (error ?? {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const timeout = e.name === 'TimeoutError' || e.code === 'ETIMEDOUT';
  const status = e.$metadata?.httpStatusCode;
  const reason = timeout
    ? 'TimeoutError'
    : status
      ? `HTTP ${status}${e.name && e.name !== 'Error' ? ` ${e.name}` : ''}`
      : (e.code ?? e.name ?? 'error');
  return { reason, timeout };
}

/**
 * The SDK's standard mode, minus its shared retry quota, plus a time budget. The SDK classifies
 * each failure (the middleware passes `errorType`): throttling (SlowDown, 429…) and transient
 * ones (500/502/503/504, timeouts, ECONNRESET, EPIPE, ECONNREFUSED, DNS hiccups) are retried with
 * exponential backoff and full jitter — base 100 ms (500 ms when throttled), doubling, capped at
 * 20 s, at least any Retry-After — up to `maxAttempts` attempts; client errors (403, 404…) are
 * not. A retry is not started when it could not finish within `budgetMs` of the request's first
 * attempt (its delay plus one attempt's timeout), so one request never outlives the budget.
 * The standard quota (500 tokens, 14 per transient retry) exists to stop fleets from storming a
 * failing service; for one bounded-concurrency upload it turns a store that fails a quarter of
 * its requests into a failed run after ~35 retries, which is the wrong trade for a bulk copy.
 * Jitter uses Math.random: it times requests, it never touches data.
 */
export function uploadRetryStrategy(limits: RetryLimits): Strategy {
  const token = (retries: number, delay: number, startedAt: number): Started => ({
    getRetryCount: () => retries,
    getRetryDelay: () => delay,
    startedAt,
  });
  return {
    async acquireInitialRetryToken() {
      return token(0, 0, performance.now());
    },
    async refreshRetryTokenForRetry(previous, info) {
      const startedAt = (previous as Started).startedAt ?? performance.now();
      const retries = previous.getRetryCount() + 1;
      if (retries >= limits.maxAttempts || (info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT')) {
        throw new Error('No retry token available');
      }
      let delay = Math.floor(
        Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS[info.errorType] * 2 ** (retries - 1)),
      );
      if (info.retryAfterHint instanceof Date)
        delay = Math.max(delay, Math.min(info.retryAfterHint.getTime() - Date.now(), MAX_DELAY_MS));
      const elapsedMs = performance.now() - startedAt;
      if (elapsedMs + delay + limits.attemptMs > limits.budgetMs) throw new Error('Retry budget spent');
      limits.onRetry?.({
        attempt: retries + 1,
        maxAttempts: limits.maxAttempts,
        elapsedMs,
        delayMs: delay,
        budgetMs: limits.budgetMs,
        ...reasonOf(info.error),
      });
      return token(retries, delay, startedAt);
    },
    recordSuccess() {},
  };
}

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

/**
 * The SDK's standard mode, minus its shared retry quota. The SDK classifies each failure (the
 * middleware passes `errorType`): throttling (SlowDown, 429…) and transient ones (500/502/503/504,
 * ECONNRESET, EPIPE, ETIMEDOUT, ECONNREFUSED, DNS hiccups) are retried with exponential backoff
 * and full jitter — base 100 ms (500 ms when throttled), doubling, capped at 20 s, at least any
 * Retry-After — up to `maxAttempts` attempts; client errors (403, 404…) are not. The standard
 * quota (500 tokens, 14 per transient retry) exists to stop fleets from storming a failing
 * service; for one bounded-concurrency upload it turns a store that fails a quarter of its
 * requests into a failed run after ~35 retries, which is the wrong trade for a bulk copy.
 */
export function uploadRetryStrategy(maxAttempts: number): Strategy {
  const token = (retries: number, delay: number): Token => ({
    getRetryCount: () => retries,
    getRetryDelay: () => delay,
  });
  return {
    async acquireInitialRetryToken() {
      return token(0, 0);
    },
    async refreshRetryTokenForRetry(previous, info) {
      const retries = previous.getRetryCount() + 1;
      if (retries >= maxAttempts || (info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT')) {
        throw new Error('No retry token available');
      }
      let delay = Math.floor(
        Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS[info.errorType] * 2 ** (retries - 1)),
      );
      if (info.retryAfterHint instanceof Date)
        delay = Math.max(delay, Math.min(info.retryAfterHint.getTime() - Date.now(), MAX_DELAY_MS));
      return token(retries, delay);
    },
    recordSuccess() {},
  };
}

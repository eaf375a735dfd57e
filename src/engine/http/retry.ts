import { sleep, type Clock } from '../clock.ts';
import { TributaryError, toTributaryError } from '../errors.ts';

/** How hard to try again after a transient or rate-limited failure. */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default 6 */
  maxAttempts: number;
  /** The first backoff; it doubles with each retry. @default 500 */
  baseDelayMs: number;
  /** No backoff is longer than this. @default 60000 */
  maxDelayMs: number;
  /** A Retry-After longer than this fails instead of waiting. @default 900000 (15 minutes) */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 15 * 60_000,
};

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread but never bunch at zero. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface RetryInfo {
  error: TributaryError;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  signal?: AbortSignal;
  /** Told before each wait; a rate-limited wait lets the run show `rate-limited`. */
  onRetry?: (info: RetryInfo) => void | Promise<void>;
}

/**
 * Runs `operation`, retrying transient and rate-limited failures with backoff.
 * A Retry-After the other side sent is honoured when it is longer than the backoff.
 */
export async function retrying<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, clock, random, signal } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (thrown) {
      if (signal?.aborted) throw signal.reason;
      const error = toTributaryError(thrown);
      if (!error.retryable || attempt >= policy.maxAttempts) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
        throw new TributaryError(
          { ...error.toJSON(), message: `${error.message} The wait asked for (${Math.round(error.retryAfterMs / 1000)} s) is longer than the retry policy allows.` },
          { cause: error },
        );
      }
      const delayMs = Math.max(backoffDelay(attempt, policy, random), error.retryAfterMs ?? 0);
      await options.onRetry?.({ error, retry: attempt, delayMs });
      await sleep(clock, delayMs, signal);
    }
  }
}

/**
 * How long a response asks us to wait: `Retry-After` (seconds or an HTTP date), else a
 * rate-limit reset header when no requests remain. Undefined when it says nothing.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const value = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining');
  // Read on every response: the reset is looked up only when the quota is spent.
  if (remaining === null || !(Number(remaining) <= 0)) return undefined;
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (reset !== null && /^\d+(\.\d+)?$/.test(reset.trim())) {
    const value = Number(reset);
    // Large values are epoch seconds (GitHub style); small ones are seconds from now (IETF draft style).
    return value > 1e9 ? Math.max(0, value * 1000 - now) : Math.round(value * 1000);
  }
  return undefined;
}

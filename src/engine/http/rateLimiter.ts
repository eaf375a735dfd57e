import type { RateLimit } from '../connectors/connector.types.ts';

/**
 * Paces requests to stay under an app's published limit: requests are spaced
 * evenly (a little over `perMs / requests` apart), so no window of `perMs` ever holds more
 * than `requests`. A response that says the quota is spent pushes the next slot
 * to its reset time.
 */
export class RateLimiter {
  readonly #interval: number;
  #next = 0;

  /** With no published limit, it only holds requests back when the app says its quota is spent. */
  constructor(limit?: RateLimit) {
    // 2% slack: a request that leaves on time can still arrive a little late, next to the one after it.
    this.#interval = limit ? (limit.perMs / limit.requests) * 1.02 : 0;
  }

  /** Takes the next slot and returns how long to wait for it (0 when free now). */
  reserve(now: number): number {
    const slot = Math.max(now, this.#next);
    this.#next = slot + this.#interval;
    return slot - now;
  }

  /** Nothing may be sent before `at` (an app said its quota resets then). */
  blockUntil(at: number): void {
    this.#next = Math.max(this.#next, at);
  }
}

/**
 * Deterministic misbehaviour for the mocked apps: server errors, 429s, cut-off
 * bodies, looping cursors, expiring credentials, latency and a published rate
 * limit. Every decision comes from a seeded draw per request, so the same
 * sequence of requests meets the same faults on every run.
 */
import { delay, HttpResponse, type JsonBodyType } from 'msw';
import { seeded } from './people.ts';

/** How a mocked app misbehaves. Rates are shares of list requests, 0..1, and together at most 1. */
export interface FaultOptions {
  /** Seeds the draws that pick which requests fail. @default 1 */
  seed?: number;
  /** Milliseconds every answer waits; tests leave it 0 so a simulated clock is not slowed. @default 0 */
  latencyMs?: number;
  /** Share of list requests answered 500, 502 or 503. @default 0 */
  serverErrorRate?: number;
  /** Share of list requests answered 429 with a Retry-After. @default 0 */
  tooManyRequestsRate?: number;
  /** The Retry-After, in seconds, of those 429s. @default 1 */
  retryAfterSeconds?: number;
  /** Share of list requests answered 200 with the JSON body cut mid-way. @default 0 */
  truncatedRate?: number;
  /** This 1-based page answers with the cursor or next link it was asked with, so a naive loop would spin. */
  repeatCursorAtPage?: number;
  /** After this many requests the credentials expire: every later request gets 401. */
  expireCredentialsAfterRequests?: number;
  /** The clock the app's rate limit counts on. @default Date.now */
  now?: () => number;
}

/** A published request limit, as the app enforces it. */
export interface RateLimitRule {
  /** Requests allowed per window. */
  requests: number;
  /** Window length in milliseconds. */
  perMs: number;
  /** How `X-RateLimit-Reset` is written: seconds from now (IETF draft) or epoch seconds (GitHub). @default 'seconds' */
  reset?: 'seconds' | 'epoch-seconds';
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets, at least 1: the Retry-After of a refusal. */
  retryAfterSeconds: number;
  /** `X-RateLimit-Limit`, `-Remaining` and `-Reset`, for every answer. */
  headers: Record<string, string>;
}

/** A fixed-window limiter: windows are aligned to multiples of `perMs` on `now()`. */
export function fixedWindowLimiter(rule: RateLimitRule, now: () => number = Date.now) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  return {
    /** Counts one request and says whether it fits in the current window. */
    take(): RateLimitDecision {
      const at = now();
      const start = Math.floor(at / rule.perMs) * rule.perMs;
      if (start !== windowStart) {
        windowStart = start;
        used = 0;
      }
      const allowed = used < rule.requests;
      if (allowed) used += 1;
      const resetAt = start + rule.perMs;
      const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - at) / 1000));
      const reset = rule.reset === 'epoch-seconds' ? Math.ceil(resetAt / 1000) : retryAfterSeconds;
      return {
        allowed,
        retryAfterSeconds,
        headers: {
          'X-RateLimit-Limit': String(rule.requests),
          'X-RateLimit-Remaining': String(rule.requests - used),
          'X-RateLimit-Reset': String(reset),
        },
      };
    },
  };
}

export interface AppGateOptions {
  faults?: FaultOptions | undefined;
  rateLimit?: RateLimitRule | undefined;
  /** The app's own error body, so an injected failure reads like the app's. */
  errorBody: (status: number, message: string) => JsonBodyType;
}

type Answer = () => Response | Promise<Response>;

/** Every request of one mocked app passes through its gate; the gate's state lives as long as the handlers. */
export interface AppGate {
  /** A list (data) request: every fault applies, then `answer`. */
  list(answer: Answer): Promise<Response>;
  /** Any other request (say, the credentials check): only latency, expiry and the rate limit apply. */
  call(answer: Answer): Promise<Response>;
  /** Whether this 1-based page must answer with the cursor or link it was asked with. */
  repeatsAt(page: number): boolean;
}

const SERVER_ERRORS = [
  [500, 'Internal server error'],
  [502, 'Bad gateway'],
  [503, 'Service temporarily unavailable'],
] as const;

/** A copy of `response` with extra headers (answers built by msw may not take new ones in place). */
function withHeaders(response: Response, headers: Record<string, string>, body: BodyInit | null = response.body): Response {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  merged.delete('content-length');
  return new HttpResponse(body, { status: response.status, statusText: response.statusText, headers: merged });
}

/** The gate a mocked app's handlers share: faults per `faults`, and `rateLimit` when the app publishes one. */
export function createAppGate({ faults = {}, rateLimit, errorBody }: AppGateOptions): AppGate {
  const random = seeded(faults.seed ?? 1);
  const limiter = rateLimit ? fixedWindowLimiter(rateLimit, faults.now ?? Date.now) : undefined;
  const serverErrors = faults.serverErrorRate ?? 0;
  const tooMany = serverErrors + (faults.tooManyRequestsRate ?? 0);
  const truncated = tooMany + (faults.truncatedRate ?? 0);
  let requests = 0;

  async function pass(answer: Answer, faultable: boolean): Promise<Response> {
    if ((faults.latencyMs ?? 0) > 0) await delay(faults.latencyMs);
    requests += 1;
    const expiry = faults.expireCredentialsAfterRequests;
    if (expiry !== undefined && requests > expiry) {
      return HttpResponse.json(errorBody(401, 'The access token has expired'), { status: 401 });
    }
    const limit = limiter?.take();
    const limitHeaders = limit?.headers ?? {};
    if (limit && !limit.allowed) {
      const message = `Rate limit of ${rateLimit?.requests} requests exceeded; retry in ${limit.retryAfterSeconds} s`;
      return HttpResponse.json(errorBody(429, message), { status: 429, headers: { ...limitHeaders, 'Retry-After': String(limit.retryAfterSeconds) } });
    }
    // Two draws per list request whatever happens, so request n always meets the same fault.
    const roll = faultable ? random() : 1;
    const pick = faultable ? random() : 0;
    if (roll < serverErrors) {
      const [status, message] = SERVER_ERRORS[Math.floor(pick * SERVER_ERRORS.length)] ?? SERVER_ERRORS[0];
      return HttpResponse.json(errorBody(status, message), { status, headers: limitHeaders });
    }
    if (roll < tooMany) {
      const seconds = faults.retryAfterSeconds ?? 1;
      return HttpResponse.json(errorBody(429, `Too many requests; retry in ${seconds} s`), {
        status: 429,
        headers: { ...limitHeaders, 'Retry-After': String(seconds) },
      });
    }
    const response = await answer();
    if (roll < truncated && response.status === 200) {
      const text = await response.text();
      return withHeaders(response, limitHeaders, text.slice(0, Math.floor(text.length / 2)));
    }
    return limit ? withHeaders(response, limitHeaders) : response;
  }

  return {
    list: (answer) => pass(answer, true),
    call: (answer) => pass(answer, false),
    repeatsAt: (page) => faults.repeatCursorAtPage === page,
  };
}

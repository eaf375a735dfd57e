import { sleep } from '../clock.ts';
import type { ConnectorDefinition, Credentials } from '../connectors/connector.types.ts';
import type { DeliveryBatch, Destination } from '../delivery/delivery.types.ts';
import { TributaryError, toTributaryError } from '../errors.ts';
import { requestApp, type AppRequest, type AppResponse, type HttpContext } from '../http/appRequest.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import type { CredentialSource } from '../oauth/credentialSource.ts';
import { retryAfterMs, retrying, type RetryInfo, type RetryPolicy } from '../http/retry.ts';
import type { RunTracker } from './runTracker.ts';

/** A pacing wait at least this long shows the run as `rate-limited`; shorter ones are just spacing. */
const SHOW_RATE_LIMIT_MS = 1000;

/**
 * What talking to one connection's app takes: shared by imports, flow runs and
 * polls, so all of them retry, pace and fail the same way.
 */
export interface CallContext {
  http: HttpContext;
  connector: ConnectorDefinition;
  /** The connection's credentials, refreshed when an OAuth token expires or is refused. */
  credentials: CredentialSource;
  signal: AbortSignal;
  retry: RetryPolicy;
  random: () => number;
  /** The connection's limiter: it paces to the app's published limit, if any, and holds back after a 429. */
  limiter: RateLimiter;
  /** The run that shows retries and rate-limited waits; a poll has none. */
  tracker?: RunTracker;
}

/** The request a call sends, less what the context supplies. */
export type CallRequest = Omit<AppRequest, 'connector' | 'credentials' | 'signal'>;

/** Counts a retry, logs it, and shows a rate-limited wait as such. */
export async function noteRetry(context: CallContext, what: string, info: RetryInfo): Promise<void> {
  const now = context.http.clock.now();
  const limited = info.error.class === 'rate-limited';
  if (limited) context.limiter.blockUntil(now + info.delayMs);
  await context.tracker?.update(
    (run) => ({
      counters: { ...run.counters, retries: run.counters.retries + 1 },
      ...(limited ? { status: 'rate-limited' as const, resumesAt: now + info.delayMs } : {}),
    }),
    { level: 'warn', message: `${what}: ${info.error.message} Retry ${info.retry} in ${(info.delayMs / 1000).toFixed(1)} s.` },
  );
}

/** Back to `running` after a rate-limited wait. */
export async function resumeRunning(context: CallContext): Promise<void> {
  if (context.tracker?.run.status !== 'rate-limited') return;
  await context.tracker.update(() => ({ status: 'running', resumesAt: undefined }));
}

/** Waits for the connection's next request slot under the app's published limit. */
export async function pace(context: CallContext): Promise<void> {
  const now = context.http.clock.now();
  const wait = context.limiter.reserve(now);
  if (wait <= 0) return;
  if (wait >= SHOW_RATE_LIMIT_MS && context.tracker) {
    await context.tracker.update(() => ({ status: 'rate-limited', resumesAt: now + wait }), {
      level: 'info',
      message: `Keeping under ${context.connector.name}'s rate limit: waiting ${(wait / 1000).toFixed(1)} s.`,
    });
  }
  await sleep(context.http.clock, wait, context.signal);
}

/** Whether the app refused the credentials themselves (401), as it does an expired or revoked token. */
function refused(thrown: unknown): boolean {
  return thrown instanceof TributaryError && thrown.code === 'auth.invalid-credentials' && thrown.status === 401;
}

/** Sends the request with the connection's current credentials; refused, once more with renewed ones, if there are any. */
async function authorizedRequest(context: CallContext, request: CallRequest): Promise<AppResponse> {
  // Spelled out rather than spread: one object shape for every request, which a page loop makes thousands of.
  const send = (credentials: Credentials) =>
    requestApp(context.http, {
      connector: context.connector,
      credentials,
      signal: context.signal,
      path: request.path,
      url: request.url,
      method: request.method,
      query: request.query,
      headers: request.headers,
      body: request.body,
    });
  const credentials = await context.credentials.current();
  try {
    return await send(credentials);
  } catch (thrown) {
    if (!refused(thrown)) throw thrown;
    const renewed = await context.credentials.renew(credentials);
    if (!renewed) throw thrown;
    return send(renewed);
  }
}

/** One paced request; a body cut short counts as transient, named by `what`. */
async function requestOnce(context: CallContext, request: CallRequest, what: string): Promise<AppResponse> {
  await pace(context);
  await resumeRunning(context);
  try {
    const response = await authorizedRequest(context, request);
    // Where the app publishes no limit of its own, its "quota spent" headers are the only pacing there is.
    // Where it does, pacing keeps under it; whole-second reset headers would only slow it down.
    if (!context.connector.rateLimit) {
      const wait = retryAfterMs(response.headers, context.http.clock.now());
      if (wait !== undefined) context.limiter.blockUntil(context.http.clock.now() + wait);
    }
    return response;
  } catch (thrown) {
    const error = toTributaryError(thrown);
    if (error.code !== 'source.bad-json') throw error;
    // A body cut short is most often the connection, not the app: retried, and named if it persists.
    throw new TributaryError({ ...error.toJSON(), message: `${what}: ${error.message}`, class: 'transient' }, { cause: error });
  }
}

/**
 * Sends a request to the app, paced under its limit, retrying what is worth
 * retrying; a body that stayed unreadable through every retry is the app's data.
 */
export async function callApp(context: CallContext, request: CallRequest, what: string): Promise<AppResponse> {
  return retrying(() => requestOnce(context, request, what), {
    policy: context.retry,
    clock: context.http.clock,
    random: context.random,
    signal: context.signal,
    onRetry: (info) => noteRetry(context, what, info),
  }).catch((thrown: unknown) => {
    const error = toTributaryError(thrown);
    if (error.code === 'source.bad-json') throw new TributaryError({ ...error.toJSON(), class: 'source-data' }, { cause: error });
    throw thrown;
  });
}

/**
 * Hands one batch to the destination once. A destination signals "try again"
 * with a transient TributaryError; anything else it throws is a refusal.
 */
export async function sendBatch(destination: Destination, batch: DeliveryBatch, signal: AbortSignal): Promise<void> {
  try {
    await destination(batch, { signal });
  } catch (thrown) {
    if (thrown instanceof TributaryError || signal.aborted) throw thrown;
    throw new TributaryError(
      { code: 'destination.failed', class: 'destination', message: `The destination did not accept ${batch.records.length} records: ${thrown instanceof Error ? thrown.message : String(thrown)}` },
      { cause: thrown },
    );
  }
}

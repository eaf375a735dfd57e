import { systemClock, type Clock } from '../clock.ts';
import { TributaryError } from '../errors.ts';
import type { DeliveryBatch, Destination } from './delivery.types.ts';
import { decodeWebhookSecret, signWebhook } from './webhookSignature.ts';
import { retryAfterMs } from '../http/retry.ts';

export interface HttpDestinationOptions {
  /** The host's endpoint; every batch is POSTed here. */
  url: string;
  /** The signing secret shared with the host, `whsec_` followed by base64 (see `generateWebhookSecret`). */
  secret: string;
  /** The fetch to send with. @default globalThis.fetch, looked up at each call */
  fetch?: typeof fetch;
  /** Supplies `webhook-timestamp` and runs the timeout. @default systemClock */
  clock?: Clock;
  /** Milliseconds to wait for the host's answer (headers and body) before failing as transient. @default 30000 */
  timeoutMs?: number;
  /** Extra static headers sent with every delivery, such as a gateway key; they cannot override the signed ones. */
  headers?: Record<string, string>;
  /** Names a batch for `webhook-id` and `idempotency-key`; it must give the same id for the same records. @default `msg_` + SHA-256 of the records' idempotency keys */
  generateId?: (batch: DeliveryBatch) => string | Promise<string>;
}

const EXCERPT_CHARS = 200;
const encoder = new TextEncoder();

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The same records give the same id, so a retry or a redelivery after a crash reaches
 * the host as the message it may already have processed, and it can drop it whole.
 */
async function batchId(batch: DeliveryBatch): Promise<string> {
  const keys = JSON.stringify(batch.records.map((record) => record.idempotencyKey));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(keys)));
  return `msg_${base64Url(digest).slice(0, 32)}`;
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new TributaryError({ code: 'destination.invalid-url', class: 'config', message: 'The HTTP destination URL is not a valid absolute URL.' });
  }
}

/** Sends each batch as one Standard Webhooks–signed POST to the host's URL; the engine owns retries. */
export function createHttpDestination(options: HttpDestinationOptions): Destination {
  const url = parseUrl(options.url);
  // Messages name only the origin: a path or query string may itself be a credential.
  const where = url.origin;
  decodeWebhookSecret(options.secret);
  const { secret } = options;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const generateId = options.generateId ?? batchId;
  const send: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** The first characters of a response body, in one line, with the secret blanked should a receiver echo it. */
  async function excerpt(response: Response): Promise<string> {
    let text = (await response.text()).replace(/\s+/g, ' ').trim();
    for (const form of [secret, secret.replace(/^whsec_/, '')]) text = text.split(form).join('[redacted]');
    return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  }

  async function classify(response: Response): Promise<void> {
    const { status } = response;
    if (status >= 200 && status < 300) {
      // Release the connection; the host's acknowledgement body carries nothing we use.
      response.body?.cancel().catch(() => undefined);
      return;
    }
    // Browsers hide a manual redirect behind an opaque response with status 0.
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
      response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      throw new TributaryError({
        code: 'destination.redirect',
        class: 'destination',
        ...(status > 0 ? { status } : {}),
        message: `The destination at ${where} answered with a redirect${status > 0 ? ` (HTTP ${status})` : ''}${location ? ` to ${location}` : ''}; redirects are not followed, so update the destination URL.`,
      });
    }
    const said = await excerpt(response);
    const suffix = said ? `: ${said}` : '.';
    const waitMs = retryAfterMs(response.headers, clock.now());
    const wait = waitMs !== undefined ? { retryAfterMs: waitMs } : {};
    if (status === 429) {
      throw new TributaryError({ code: 'destination.rate-limited', class: 'rate-limited', status, ...wait, message: `The destination at ${where} is rate limiting deliveries (HTTP 429)${suffix}` });
    }
    if (status === 408 || status >= 500) {
      throw new TributaryError({ code: 'destination.unavailable', class: 'transient', status, ...wait, message: `The destination at ${where} failed to accept the batch (HTTP ${status})${suffix}` });
    }
    throw new TributaryError({ code: 'destination.rejected', class: 'destination', status, message: `The destination at ${where} rejected the batch (HTTP ${status})${suffix}` });
  }

  return async (batch, { signal }) => {
    signal.throwIfAborted();
    const id = await generateId(batch);
    const timestamp = Math.floor(clock.now() / 1000);
    const body = JSON.stringify({
      type: 'records.batch',
      runId: batch.runId,
      dataSource: batch.dataSource,
      records: batch.records.map(({ id: recordId, idempotencyKey, op, data }) => ({ id: recordId, idempotencyKey, op, data })),
    });
    const signature = await signWebhook({ secret, id, timestamp, body });
    const headers = new Headers(options.headers);
    headers.set('content-type', 'application/json');
    headers.set('webhook-id', id);
    headers.set('webhook-timestamp', String(timestamp));
    headers.set('webhook-signature', signature);
    headers.set('idempotency-key', id);
    // The engine may have aborted while we hashed and signed; its abort event has passed by now.
    signal.throwIfAborted();

    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    // Settles on abort even when a fetch ignores its signal or a body never ends.
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
    try {
      const response = await Promise.race([
        // A 3xx is a failure: following it would re-send signed records to wherever it points.
        send(url.href, { method: 'POST', headers, body, redirect: 'manual', signal: controller.signal }),
        aborted,
      ]);
      await Promise.race([classify(response), aborted]);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof TributaryError) throw error;
      if (timedOut) {
        throw new TributaryError(
          { code: 'destination.timeout', class: 'transient', message: `The destination at ${where} did not answer within ${timeoutMs} ms.` },
          { cause: error },
        );
      }
      throw new TributaryError(
        {
          code: 'destination.network',
          class: 'transient',
          message: `Could not reach the destination at ${where}: ${error instanceof Error ? error.message : String(error)}`,
        },
        { cause: error },
      );
    } finally {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  };
}

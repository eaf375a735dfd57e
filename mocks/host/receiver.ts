import { http, HttpResponse, type HttpHandler } from 'msw';
import { seeded } from '../shared/people.ts';

/** Deterministic trouble the host's endpoint can make; the same seed fails the same deliveries. */
export interface HostReceiverFaults {
  /** Seeds the generator that picks which deliveries fail. @default 1 */
  seed?: number;
  /** Share of authentic deliveries answered 503, from 0 to 1. @default 0 */
  serverErrorRate?: number;
  /** Share of authentic deliveries answered 429, from 0 to 1. @default 0 */
  tooManyRequestsRate?: number;
  /** The Retry-After, in seconds, sent with 429 and 503 answers. @default 1 */
  retryAfterSeconds?: number;
  /** Answer every authentic delivery with this status (e.g. 422) and a JSON error. */
  rejectStatus?: number;
  /** Answer every delivery with a 308 to this URL, as an endpoint that moved would. */
  redirect?: string;
}

export interface HostReceiverOptions {
  /** The endpoint URL the host gave for deliveries. */
  url: string;
  /** The signing secret the host shares with the sender, `whsec_` followed by base64. */
  secret: string;
  faults?: HostReceiverFaults;
  /** How far webhook-timestamp may be from now, in seconds. @default 300 */
  toleranceSeconds?: number;
  /** The receiver's idea of the current time in epoch ms, for tests on a simulated clock. @default Date.now */
  now?: () => number;
}

/** One record as it travels in a `records.batch` body. */
export interface WireRecord {
  id: string;
  idempotencyKey: string;
  op: string;
  data: Record<string, unknown>;
}

/** The `records.batch` body the host receives. */
export interface WireBatch {
  type: 'records.batch';
  runId: string;
  dataSource: { connectionId: string; collection: string; dataModel?: string };
  records: WireRecord[];
}

/** One request that reached the endpoint, whatever the answer. */
export interface ReceivedDelivery {
  /** The status the endpoint answered with. */
  status: number;
  /** When it arrived, epoch ms by the receiver's clock. */
  at: number;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** The raw body, exactly as sent. */
  body: string;
  /** Whether the signature checked out (false when it was not checked, as for a redirect). */
  verified: boolean;
  /** The parsed batch, when the body was one. */
  batch?: WireBatch;
}

export interface HostReceiver {
  handlers: HttpHandler[];
  /** Every request, in arrival order. */
  received: ReceivedDelivery[];
  /** Each accepted record once, the first time its idempotency key arrived. */
  accepted: WireRecord[];
  /** Records accepted again under an idempotency key already seen, and dropped. */
  readonly duplicates: number;
  /** Forgets everything received and restarts the fault sequence from the seed. */
  reset(): void;
}

const encoder = new TextEncoder();

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Standard Webhooks verification written the way a host would, independently of the
 * sender's code; crypto.subtle.verify compares in constant time.
 */
async function verify(secret: string, headers: Headers, body: string, nowMs: number, toleranceSeconds: number): Promise<string | undefined> {
  const id = headers.get('webhook-id');
  const timestamp = headers.get('webhook-timestamp');
  const signatures = headers.get('webhook-signature');
  if (!id || !timestamp || !signatures) return 'missing webhook headers';
  if (!/^\d+$/.test(timestamp) || Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > toleranceSeconds) return 'stale or invalid timestamp';
  const keyBytes = decodeBase64(secret.replace(/^whsec_/, ''));
  if (!keyBytes) return 'receiver misconfigured';
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const content = encoder.encode(`${id}.${timestamp}.${body}`);
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    const signature = version === 'v1' && value ? decodeBase64(value) : undefined;
    if (signature && (await crypto.subtle.verify('HMAC', key, signature, content))) return undefined;
  }
  return 'no matching signature';
}

function parseBatch(body: string): WireBatch | undefined {
  try {
    const value = JSON.parse(body) as Partial<WireBatch> | null;
    if (value?.type !== 'records.batch' || typeof value.runId !== 'string' || !Array.isArray(value.records)) return undefined;
    return value.records.every((record) => typeof record?.idempotencyKey === 'string') ? (value as WireBatch) : undefined;
  } catch {
    return undefined;
  }
}

/** msw handlers that play the host app's endpoint for signed record batches, with seeded faults. */
export function createHostReceiver(options: HostReceiverOptions): HostReceiver {
  const faults = options.faults ?? {};
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const now = options.now ?? (() => Date.now());
  const retryAfter = String(faults.retryAfterSeconds ?? 1);
  const received: ReceivedDelivery[] = [];
  const accepted: WireRecord[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let random = seeded(faults.seed ?? 1);

  const handler = http.post(options.url, async ({ request }) => {
    const body = await request.text();
    const headers = Object.fromEntries([...request.headers].map(([name, value]) => [name.toLowerCase(), value]));
    const answer = (response: Response, verified: boolean, batch?: WireBatch) => {
      received.push({ status: response.status, at: now(), headers, body, verified, ...(batch ? { batch } : {}) });
      return response;
    };

    if (faults.redirect) {
      return answer(new HttpResponse(null, { status: 308, headers: { Location: faults.redirect } }), false);
    }
    const problem = await verify(options.secret, request.headers, body, now(), toleranceSeconds);
    if (problem) {
      return answer(HttpResponse.json({ error: { type: 'invalid_signature', message: problem } }, { status: 401 }), false);
    }
    const batch = parseBatch(body);
    if (!batch) {
      return answer(HttpResponse.json({ error: { type: 'invalid_request', message: 'Expected a records.batch body.' } }, { status: 400 }), true);
    }
    if (faults.rejectStatus !== undefined) {
      return answer(
        HttpResponse.json(
          { error: { type: 'validation_failed', message: `Record ${batch.records[0]?.id ?? '?'} does not match the host's schema: field "email" is required.` } },
          { status: faults.rejectStatus },
        ),
        true,
        batch,
      );
    }
    // One draw per authentic delivery, so a seed always fails the same attempts.
    const draw = random();
    if (draw < (faults.serverErrorRate ?? 0)) {
      return answer(HttpResponse.json({ error: { type: 'unavailable', message: 'The host is busy.' } }, { status: 503, headers: { 'Retry-After': retryAfter } }), true, batch);
    }
    if (draw < (faults.serverErrorRate ?? 0) + (faults.tooManyRequestsRate ?? 0)) {
      return answer(HttpResponse.json({ error: { type: 'rate_limited', message: 'Slow down.' } }, { status: 429, headers: { 'Retry-After': retryAfter } }), true, batch);
    }

    let fresh = 0;
    for (const record of batch.records) {
      if (seen.has(record.idempotencyKey)) {
        duplicates += 1;
        continue;
      }
      seen.add(record.idempotencyKey);
      accepted.push(record);
      fresh += 1;
    }
    return answer(HttpResponse.json({ accepted: fresh, duplicates: batch.records.length - fresh }), true, batch);
  });

  return {
    handlers: [handler],
    received,
    accepted,
    get duplicates() {
      return duplicates;
    },
    reset() {
      received.length = 0;
      accepted.length = 0;
      seen.clear();
      duplicates = 0;
      random = seeded(faults.seed ?? 1);
    },
  };
}

import { TributaryError } from '../errors.ts';

// Standard Webhooks, symmetric scheme: https://www.standardwebhooks.com/
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const encoder = new TextEncoder();

export interface SignWebhookInput {
  /** The signing secret, `whsec_` followed by base64; the decoded bytes are the HMAC key. */
  secret: string;
  /** The message id sent as `webhook-id`. */
  id: string;
  /** Unix time in whole seconds, sent as `webhook-timestamp`. */
  timestamp: number;
  /** The exact body sent; a single changed byte invalidates the signature. */
  body: string | Uint8Array;
}

export interface VerifyWebhookInput {
  /** The signing secret, `whsec_` followed by base64. */
  secret: string;
  /** The request's headers; names are matched case-insensitively. */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw body as received, before any JSON parsing. */
  body: string | Uint8Array;
  /** How far `webhook-timestamp` may be from `now`, either way, to count as fresh. @default 300 */
  toleranceSeconds?: number;
  /** The current time in epoch milliseconds. @default Date.now() */
  now?: number;
}

/** What a verified delivery said about itself. */
export interface VerifiedWebhook {
  /** The `webhook-id`, fit to use as an idempotency key. */
  id: string;
  /** The `webhook-timestamp`, in Unix seconds. */
  timestamp: number;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The HMAC key in a `whsec_<base64>` secret; throws a config error, never naming the secret, if there is none. */
export function decodeWebhookSecret(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  let key: Uint8Array<ArrayBuffer>;
  try {
    key = fromBase64(encoded);
  } catch {
    key = new Uint8Array();
  }
  if (key.length === 0) {
    // Never echo the secret: a message ends up in run logs and UIs.
    throw new TributaryError({
      code: 'webhook.invalid-secret',
      class: 'config',
      message: 'The webhook signing secret is not valid: expected "whsec_" followed by base64.',
    });
  }
  return key;
}

async function hmac(secret: string, id: string, timestamp: number, body: string | Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', decodeWebhookSecret(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const head = encoder.encode(`${id}.${timestamp}.`);
  const tail = typeof body === 'string' ? encoder.encode(body) : body;
  const content = new Uint8Array(head.length + tail.length);
  content.set(head);
  content.set(tail, head.length);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, content));
}

/** Compares in time that depends only on `expected`'s length, so a mismatch leaks no position. */
export function constantTimeEqual(expected: Uint8Array, actual: Uint8Array): boolean {
  let difference = expected.length ^ actual.length;
  for (let i = 0; i < expected.length; i += 1) difference |= (expected[i] ?? 0) ^ (actual[i] ?? 0);
  return difference === 0;
}

function header(headers: VerifyWebhookInput['headers'], name: string): string | undefined {
  // Duck-typed: a Headers from another realm or polyfill is not `instanceof` this one.
  if (typeof headers.get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    // Node gives repeated headers as arrays; repeated signature lines form one list.
    return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

function authError(code: string, message: string): TributaryError {
  return new TributaryError({ code, class: 'auth', message });
}

/** Signs a webhook per Standard Webhooks and returns the `webhook-signature` entry, `v1,<base64 HMAC-SHA256>`. */
export async function signWebhook(input: SignWebhookInput): Promise<string> {
  return `v1,${toBase64(await hmac(input.secret, input.id, input.timestamp, input.body))}`;
}

/**
 * Verifies a Standard Webhooks delivery and resolves with its id and timestamp; throws
 * a TributaryError of class `auth` (`webhook.missing-headers`, `webhook.bad-timestamp`,
 * `webhook.timestamp-out-of-range`, `webhook.bad-signature`) when it is not authentic.
 */
export async function verifyWebhook(input: VerifyWebhookInput): Promise<VerifiedWebhook> {
  const id = header(input.headers, 'webhook-id')?.trim();
  const timestampText = header(input.headers, 'webhook-timestamp')?.trim();
  const signatures = header(input.headers, 'webhook-signature')?.trim();
  const missing = [
    ...(id ? [] : ['webhook-id']),
    ...(timestampText ? [] : ['webhook-timestamp']),
    ...(signatures ? [] : ['webhook-signature']),
  ];
  if (!id || !timestampText || !signatures) {
    throw authError('webhook.missing-headers', `The webhook is missing the ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}.`);
  }
  if (!/^\d{1,15}$/.test(timestampText)) {
    throw authError('webhook.bad-timestamp', 'The webhook-timestamp header is not a Unix time in whole seconds.');
  }
  const timestamp = Number(timestampText);
  const toleranceSeconds = input.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  // Both ways: an old timestamp is a replay, a future one would stay "fresh" for too long.
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    throw authError(
      'webhook.timestamp-out-of-range',
      `The webhook's timestamp is ${Math.abs(nowSeconds - timestamp)} s ${timestamp < nowSeconds ? 'old' : 'in the future'}, outside the ${toleranceSeconds} s tolerance.`,
    );
  }

  const expected = await hmac(input.secret, id, timestamp, input.body);
  let matched = false;
  for (const entry of signatures.split(/\s+/)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    let actual: Uint8Array;
    try {
      actual = fromBase64(entry.slice(comma + 1));
    } catch {
      continue;
    }
    // No early exit, so the time taken does not tell which entry matched.
    matched = constantTimeEqual(expected, actual) || matched;
  }
  if (!matched) throw authError('webhook.bad-signature', 'No v1 entry in the webhook-signature header matches the body.');
  return { id, timestamp };
}

/** Makes a new random signing secret in the `whsec_<base64>` form, 32 bytes of key. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
}

import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, TributaryError, verifyWebhook, type VerifyWebhookInput } from '../../../src/engine/index.ts';

// The test vector published with the Standard Webhooks reference libraries.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const VECTOR_NOW = VECTOR.timestamp * 1000;
const vectorHeaders = {
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
};

/** The TributaryError a verification rejects with; fails the test if it resolves. */
async function rejection(input: VerifyWebhookInput): Promise<TributaryError> {
  const outcome = await verifyWebhook(input).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(TributaryError);
  return outcome.error as TributaryError;
}

describe('webhook signatures', () => {
  it('signs the published Standard Webhooks vector to the published signature', async () => {
    expect(await signWebhook(VECTOR)).toBe(VECTOR.signature);
  });

  it('verifies the published vector and resolves with its id and timestamp', async () => {
    await expect(verifyWebhook({ secret: VECTOR.secret, headers: vectorHeaders, body: VECTOR.body, now: VECTOR_NOW })).resolves.toEqual({
      id: VECTOR.id,
      timestamp: VECTOR.timestamp,
    });
  });

  it('signs a body given as bytes exactly as the same body given as text', async () => {
    expect(await signWebhook({ ...VECTOR, body: new TextEncoder().encode(VECTOR.body) })).toBe(VECTOR.signature);
  });

  it('accepts a signature made by the standardwebhooks reference library', async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: 'records.batch', records: [{ id: 'usr_1', data: { name: 'Ada Lovelace' } }] });
    const sentAt = new Date();
    const signature = new Webhook(secret).sign('msg_reference', sentAt, body);
    const headers = new Headers({ 'Webhook-Id': 'msg_reference', 'Webhook-Timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'Webhook-Signature': signature });
    await expect(verifyWebhook({ secret, headers, body, now: sentAt.getTime() })).resolves.toMatchObject({ id: 'msg_reference' });
  });

  it('makes signatures the standardwebhooks reference library accepts, for any id and body', async () => {
    const secret = generateWebhookSecret();
    const reference = new Webhook(secret);
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^msg_[A-Za-z0-9]{1,30}$/), fc.string({ unit: 'grapheme', maxLength: 200 }), async (id, text) => {
        const body = JSON.stringify({ text });
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = await signWebhook({ secret, id, timestamp, body });
        expect(reference.verify(body, { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature })).toEqual({ text });
      }),
      { numRuns: 50 },
    );
  });

  it('given several signatures, as during a secret rotation, accepts the delivery when any v1 entry matches', async () => {
    const stale = await signWebhook({ ...VECTOR, secret: generateWebhookSecret() });
    const headers = { ...vectorHeaders, 'webhook-signature': `v1a,bm90IGEga2V5 ${stale} ${VECTOR.signature}` };
    await expect(verifyWebhook({ secret: VECTOR.secret, headers, body: VECTOR.body, now: VECTOR_NOW })).resolves.toMatchObject({ id: VECTOR.id });
  });

  it('given a signature made with another secret, rejects it as an auth error', async () => {
    const error = await rejection({ secret: generateWebhookSecret(), headers: vectorHeaders, body: VECTOR.body, now: VECTOR_NOW });
    expect(error.toJSON()).toEqual({ code: 'webhook.bad-signature', class: 'auth', message: expect.any(String) });
  });

  it('given a body changed by one character, rejects it as a bad signature', async () => {
    const error = await rejection({ secret: VECTOR.secret, headers: vectorHeaders, body: '{"test": 2432232315}', now: VECTOR_NOW });
    expect(error).toMatchObject({ code: 'webhook.bad-signature', class: 'auth' });
  });

  it('given only non-v1 or malformed signature entries, rejects it as a bad signature', async () => {
    const signatureValue = VECTOR.signature.slice(3);
    for (const entry of [`v2,${signatureValue}`, signatureValue, 'v1,', 'v1,%%%not-base64%%%', `v1,${signatureValue.slice(0, -4)}`]) {
      const error = await rejection({ secret: VECTOR.secret, headers: { ...vectorHeaders, 'webhook-signature': entry }, body: VECTOR.body, now: VECTOR_NOW });
      expect(error.code, entry).toBe('webhook.bad-signature');
    }
  });

  it('given a timestamp older or newer than the tolerance, rejects it even when the signature is right', async () => {
    const old = await rejection({ secret: VECTOR.secret, headers: vectorHeaders, body: VECTOR.body, now: VECTOR_NOW + 301_000 });
    expect(old).toMatchObject({ code: 'webhook.timestamp-out-of-range', class: 'auth' });
    expect(old.message).toContain('old');
    const future = await rejection({ secret: VECTOR.secret, headers: vectorHeaders, body: VECTOR.body, now: VECTOR_NOW - 301_000 });
    expect(future).toMatchObject({ code: 'webhook.timestamp-out-of-range', class: 'auth' });
    await expect(verifyWebhook({ secret: VECTOR.secret, headers: vectorHeaders, body: VECTOR.body, now: VECTOR_NOW + 300_000 })).resolves.toBeDefined();
  });

  it('honours a custom tolerance', async () => {
    const error = await rejection({ secret: VECTOR.secret, headers: vectorHeaders, body: VECTOR.body, now: VECTOR_NOW + 11_000, toleranceSeconds: 10 });
    expect(error.code).toBe('webhook.timestamp-out-of-range');
  });

  it('given a missing header, rejects it naming what is missing', async () => {
    for (const name of Object.keys(vectorHeaders) as (keyof typeof vectorHeaders)[]) {
      const headers: Record<string, string> = { ...vectorHeaders };
      delete headers[name];
      const error = await rejection({ secret: VECTOR.secret, headers, body: VECTOR.body, now: VECTOR_NOW });
      expect(error).toMatchObject({ code: 'webhook.missing-headers', class: 'auth' });
      expect(error.message).toContain(name);
    }
    const none = await rejection({ secret: VECTOR.secret, headers: new Headers(), body: VECTOR.body, now: VECTOR_NOW });
    expect(none.code).toBe('webhook.missing-headers');
  });

  it('given a timestamp that is not whole Unix seconds, rejects it', async () => {
    for (const value of ['yesterday', '1614265330.5', '-1614265330']) {
      const error = await rejection({ secret: VECTOR.secret, headers: { ...vectorHeaders, 'webhook-timestamp': value }, body: VECTOR.body, now: VECTOR_NOW });
      expect(error).toMatchObject({ code: 'webhook.bad-timestamp', class: 'auth' });
    }
  });

  it('reads headers case-insensitively from a Headers object or a plain record with repeated values', async () => {
    const headers = { 'Webhook-Id': VECTOR.id, 'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp), 'webhook-signature': ['v1,c3RhbGU=', VECTOR.signature] };
    await expect(verifyWebhook({ secret: VECTOR.secret, headers, body: VECTOR.body, now: VECTOR_NOW })).resolves.toMatchObject({ id: VECTOR.id });
    await expect(verifyWebhook({ secret: VECTOR.secret, headers: new Headers(vectorHeaders), body: VECTOR.body, now: VECTOR_NOW })).resolves.toMatchObject({ id: VECTOR.id });
  });

  it('given a secret that is not base64, fails as a config error that does not repeat the secret', async () => {
    const secret = 'whsec_!!not*base64!!';
    const failure = await signWebhook({ ...VECTOR, secret }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TributaryError);
    expect(failure).toMatchObject({ code: 'webhook.invalid-secret', class: 'config' });
    expect((failure as TributaryError).message).not.toContain('not*base64');
  });

  it('generates distinct whsec_ secrets of 32 random bytes that sign and verify', async () => {
    const secrets = new Set(Array.from({ length: 20 }, () => generateWebhookSecret()));
    expect(secrets.size).toBe(20);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(atob(secret.slice('whsec_'.length))).toHaveLength(32);
    }
    const secret = [...secrets][0] as string;
    const signature = await signWebhook({ secret, id: 'msg_1', timestamp: VECTOR.timestamp, body: '{}' });
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': signature };
    await expect(verifyWebhook({ secret, headers, body: '{}', now: VECTOR_NOW })).resolves.toEqual({ id: 'msg_1', timestamp: VECTOR.timestamp });
  });
});

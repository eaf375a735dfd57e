import { http, HttpResponse } from 'msw';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import {
  createHttpDestination,
  generateWebhookSecret,
  TributaryError,
  verifyWebhook,
  type Clock,
  type DeliveryBatch,
  type HttpDestinationOptions,
} from '../../../src/engine/index.ts';
import { createHostReceiver, type HostReceiverFaults } from '../../../mocks/host/receiver.ts';
import { server } from '../../setup/msw.ts';

const ENDPOINT = 'https://host.example/hooks/tributary';
const SECRET = generateWebhookSecret();
const START = Date.UTC(2026, 0, 1);

/** A clock whose time and timers move only when the test says so. */
function manualClock(): Clock & { advance(ms: number): void; fire(): void; pending(): number } {
  let now = START;
  let next = 1;
  const timers = new Map<number, () => void>();
  return {
    now: () => now,
    setTimeout(callback) {
      timers.set(next, callback);
      next += 1;
      return next - 1;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance: (ms) => void (now += ms),
    fire() {
      for (const [id, callback] of [...timers]) {
        timers.delete(id);
        callback();
      }
    },
    pending: () => timers.size,
  };
}

function batch(ids = ['usr_0001', 'usr_0002', 'usr_0003'], version = 'u2024-01-01'): DeliveryBatch {
  return {
    runId: 'run_1',
    dataSource: { connectionId: 'conn_1', collection: 'users', dataModel: 'users' },
    records: ids.map((id) => ({
      id,
      idempotencyKey: `conn_1:users:${id}:${version}`,
      op: 'upsert' as const,
      data: { id, name: 'Ada Lovelace', email: `${id}@northwind.example` },
    })),
  };
}

function setup(options: Partial<HttpDestinationOptions> = {}, faults?: HostReceiverFaults) {
  const clock = manualClock();
  const receiver = createHostReceiver({ url: ENDPOINT, secret: SECRET, now: clock.now, ...(faults ? { faults } : {}) });
  server.use(...receiver.handlers);
  const destination = createHttpDestination({ url: ENDPOINT, secret: SECRET, clock, ...options });
  const signal = new AbortController().signal;
  return { clock, receiver, destination, deliver: (sent = batch()) => destination(sent, { signal }) };
}

/** The TributaryError a delivery fails with; fails the test if it succeeds. */
async function failure(delivery: Promise<void>): Promise<TributaryError> {
  const error = await delivery.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TributaryError);
  return error as TributaryError;
}

/** What no error may ever say: the secret, with or without its prefix. */
function expectNoSecret(error: TributaryError) {
  const text = `${error.message} ${JSON.stringify(error.toJSON())}`;
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(SECRET.slice('whsec_'.length));
}

describe('HTTP destination', () => {
  it('delivers a batch as one signed POST the host verifies and accepts', async () => {
    const { receiver, deliver } = setup();
    await deliver();

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery).toMatchObject({ status: 200, verified: true });
    expect(delivery?.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': expect.stringMatching(/^msg_[A-Za-z0-9_-]{32}$/),
      'webhook-timestamp': String(START / 1000),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
      'idempotency-key': delivery?.headers['webhook-id'],
    });
    expect(JSON.parse(delivery?.body ?? '')).toEqual({ type: 'records.batch', ...batch() });
    expect(receiver.accepted.map((record) => record.idempotencyKey)).toEqual(batch().records.map((record) => record.idempotencyKey));

    // The engine's verifier and the reference library agree on what was sent.
    const headers = delivery?.headers ?? {};
    await expect(verifyWebhook({ secret: SECRET, headers, body: delivery?.body ?? '', now: START })).resolves.toMatchObject({ id: headers['webhook-id'] });
    vi.useFakeTimers({ now: START, toFake: ['Date'] });
    try {
      expect(new Webhook(SECRET).verify(delivery?.body ?? '', headers)).toMatchObject({ type: 'records.batch', runId: 'run_1' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('given the same batch twice, sends the same webhook-id and idempotency-key so the host can drop the redelivery', async () => {
    const { clock, receiver, deliver } = setup();
    await deliver();
    clock.advance(60_000);
    await deliver();

    const [first, second] = receiver.received;
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    // Each attempt is signed afresh with its own timestamp.
    expect(second?.headers['webhook-timestamp']).toBe(String(START / 1000 + 60));
    expect(second?.headers['webhook-signature']).not.toBe(first?.headers['webhook-signature']);
    expect(receiver.accepted).toHaveLength(3);
    expect(receiver.duplicates).toBe(3);
  });

  it('gives batches with different records, or other versions of them, different webhook-ids', async () => {
    const { receiver, deliver } = setup();
    await deliver(batch(['usr_0001', 'usr_0002']));
    await deliver(batch(['usr_0001', 'usr_0003']));
    await deliver(batch(['usr_0001', 'usr_0002'], 'u2024-02-01'));
    expect(new Set(receiver.received.map((delivery) => delivery.headers['webhook-id'])).size).toBe(3);
  });

  it('sends extra static headers without letting them replace the signed ones', async () => {
    const { receiver, deliver } = setup({ headers: { 'x-gateway-key': 'gw_123', 'webhook-id': 'msg_forged' } });
    await deliver();
    expect(receiver.received[0]?.headers['x-gateway-key']).toBe('gw_123');
    expect(receiver.received[0]?.headers['webhook-id']).not.toBe('msg_forged');
    expect(receiver.received[0]?.verified).toBe(true);
  });

  it('given a 5xx answer, fails with a retryable transient error carrying the status and Retry-After', async () => {
    const { deliver, receiver } = setup({}, { serverErrorRate: 1, retryAfterSeconds: 2 });
    const error = await failure(deliver());
    expect(error.toJSON()).toEqual({ code: 'destination.unavailable', class: 'transient', status: 503, retryAfterMs: 2000, message: expect.stringContaining('HTTP 503') });
    expect(error.retryable).toBe(true);
    expect(receiver.accepted).toEqual([]);
  });

  it('given a 408 answer, fails with a transient error', async () => {
    const { deliver } = setup();
    server.use(http.post(ENDPOINT, () => new HttpResponse(null, { status: 408 })));
    expect((await failure(deliver())).toJSON()).toMatchObject({ code: 'destination.unavailable', class: 'transient', status: 408 });
  });

  it('given 429 with Retry-After: 7, fails as rate-limited with retryAfterMs 7000', async () => {
    const { deliver } = setup({}, { tooManyRequestsRate: 1, retryAfterSeconds: 7 });
    const error = await failure(deliver());
    expect(error.toJSON()).toMatchObject({ code: 'destination.rate-limited', class: 'rate-limited', status: 429, retryAfterMs: 7000 });
    expect(error.retryable).toBe(true);
  });

  it('given 429 with Retry-After as an HTTP date, counts the wait from the injected clock', async () => {
    const { clock, deliver } = setup();
    server.use(http.post(ENDPOINT, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': new Date(clock.now() + 12_000).toUTCString() } })));
    expect(await failure(deliver())).toMatchObject({ code: 'destination.rate-limited', status: 429, retryAfterMs: 12_000 });
  });

  it('given 429 with no Retry-After, leaves the wait to the engine', async () => {
    const { deliver } = setup();
    server.use(http.post(ENDPOINT, () => new HttpResponse(null, { status: 429 })));
    const error = await failure(deliver());
    expect(error.class).toBe('rate-limited');
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('given 422, fails with a destination error quoting the status and the host body', async () => {
    const { deliver } = setup({}, { rejectStatus: 422 });
    const error = await failure(deliver());
    expect(error.toJSON()).toMatchObject({ code: 'destination.rejected', class: 'destination', status: 422 });
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 422');
    expect(error.message).toContain('Record usr_0001 does not match the host\'s schema: field \\"email\\" is required.');
  });

  it('quotes at most the first 200 characters of a long error body, on one line', async () => {
    const { deliver } = setup();
    server.use(http.post(ENDPOINT, () => new HttpResponse(`${'x'.repeat(150)}\n\n${'y'.repeat(5000)}`, { status: 400 })));
    const error = await failure(deliver());
    expect(error.message).toContain(`${'x'.repeat(150)} ${'y'.repeat(49)}…`);
    expect(error.message).not.toContain('y'.repeat(50));
    expect(error.message).not.toContain('\n');
  });

  it('given a host that does not accept the signature, fails with a destination error for the 401', async () => {
    const { receiver } = setup();
    const destination = createHttpDestination({ url: ENDPOINT, secret: generateWebhookSecret(), clock: manualClock() });
    const error = await failure(destination(batch(), { signal: new AbortController().signal }));
    expect(error).toMatchObject({ code: 'destination.rejected', class: 'destination', status: 401 });
    expect(receiver.received[0]?.verified).toBe(false);
  });

  it('does not follow a redirect and fails naming where it pointed', async () => {
    const moved = vi.fn(() => HttpResponse.json({}));
    server.use(http.all('https://elsewhere.example/*', moved));
    const { deliver } = setup({}, { redirect: 'https://elsewhere.example/hooks' });
    const error = await failure(deliver());
    expect(error.toJSON()).toMatchObject({ code: 'destination.redirect', class: 'destination', status: 308 });
    expect(error.message).toContain('https://elsewhere.example/hooks');
    expect(moved).not.toHaveBeenCalled();
  });

  it('given a network failure, fails with a transient network error', async () => {
    const { deliver } = setup();
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    expect((await failure(deliver())).toJSON()).toMatchObject({ code: 'destination.network', class: 'transient' });
  });

  it('given a fetch that never answers, times out on the injected clock without real waiting', async () => {
    const clock = manualClock();
    const started = vi.fn();
    const destination = createHttpDestination({
      url: ENDPOINT,
      secret: SECRET,
      clock,
      timeoutMs: 5_000,
      // Ignores its signal, as a broken polyfill might.
      fetch: () => {
        started();
        return new Promise<Response>(() => undefined);
      },
    });
    const delivery = destination(batch(), { signal: new AbortController().signal });
    await vi.waitFor(() => expect(started).toHaveBeenCalled(), { timeout: 100, interval: 1 });
    clock.fire();
    const error = await failure(delivery);
    expect(error.toJSON()).toEqual({ code: 'destination.timeout', class: 'transient', message: expect.stringContaining('5000 ms') });
    expect(clock.pending()).toBe(0);
  });

  it('given a host that sends headers but never finishes the body, times out while reading it', async () => {
    const { clock, deliver } = setup({ timeoutMs: 1_000 });
    const answered = vi.fn();
    server.use(
      http.post(ENDPOINT, () => {
        answered();
        return new HttpResponse(new ReadableStream({ start: () => undefined }), { status: 500 });
      }),
    );
    const delivery = deliver();
    await vi.waitFor(() => expect(answered).toHaveBeenCalled(), { timeout: 100, interval: 1 });
    // Let the response reach the body read before the timer fires.
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.fire();
    expect((await failure(delivery)).code).toBe('destination.timeout');
  });

  it('when the engine aborts, stops at once with the abort reason and leaves no timer behind', async () => {
    const clock = manualClock();
    const started = vi.fn();
    const destination = createHttpDestination({
      url: ENDPOINT,
      secret: SECRET,
      clock,
      fetch: (_input, init) => {
        started();
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
      },
    });
    const controller = new AbortController();
    const delivery = destination(batch(), { signal: controller.signal });
    await vi.waitFor(() => expect(started).toHaveBeenCalled(), { timeout: 100, interval: 1 });
    const reason = new Error('run cancelled');
    controller.abort(reason);
    await expect(delivery).rejects.toBe(reason);
    expect(clock.pending()).toBe(0);

    const before = vi.fn();
    const aborted = createHttpDestination({ url: ENDPOINT, secret: SECRET, clock, fetch: before })(batch(), { signal: AbortSignal.abort(reason) });
    await expect(aborted).rejects.toBe(reason);
    expect(before).not.toHaveBeenCalled();

    // Aborted while the batch was being named and signed: still nothing is sent.
    const late = new AbortController();
    const naming = createHttpDestination({ url: ENDPOINT, secret: SECRET, clock, fetch: before, generateId: () => (late.abort(reason), 'msg_late') });
    await expect(naming(batch(), { signal: late.signal })).rejects.toBe(reason);
    expect(before).not.toHaveBeenCalled();
  });

  it('never puts the secret in an error, even when the host echoes it back', async () => {
    const errors: TributaryError[] = [];
    for (const faults of [{ serverErrorRate: 1 }, { tooManyRequestsRate: 1 }, { rejectStatus: 422 }, { redirect: 'https://elsewhere.example/' }] as HostReceiverFaults[]) {
      errors.push(await failure(setup({}, faults).deliver()));
    }
    const { deliver } = setup();
    server.use(http.post(ENDPOINT, () => HttpResponse.json({ error: `bad secret ${SECRET}` }, { status: 400 })));
    const echoed = await failure(deliver());
    expect(echoed.message).toContain('[redacted]');
    errors.push(echoed);
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    errors.push(await failure(deliver()));
    expect(errors.map((error) => error.code)).toEqual([
      'destination.unavailable',
      'destination.rate-limited',
      'destination.rejected',
      'destination.redirect',
      'destination.rejected',
      'destination.network',
    ]);
    for (const error of errors) expectNoSecret(error);
  });

  it('given a malformed secret or ENDPOINT, refuses to be created with a config error that does not repeat the secret', () => {
    const secret = 'whsec_!!oops*secret!!';
    expect(() => createHttpDestination({ url: ENDPOINT, secret })).toThrow(expect.objectContaining({ code: 'webhook.invalid-secret', class: 'config' }));
    try {
      createHttpDestination({ url: ENDPOINT, secret });
    } catch (error) {
      expect((error as Error).message).not.toContain('oops*secret');
    }
    expect(() => createHttpDestination({ url: '/relative', secret: SECRET })).toThrow(expect.objectContaining({ code: 'destination.invalid-url', class: 'config' }));
  });
});

describe('host receiver mock', () => {
  it('fails the same deliveries for the same seed, and again after a reset', async () => {
    const statuses = async () => {
      const { deliver, receiver } = setup({}, { seed: 42, serverErrorRate: 0.3, tooManyRequestsRate: 0.3 });
      for (let i = 0; i < 12; i += 1) await deliver(batch([`usr_${i}`])).catch(() => undefined);
      const first = receiver.received.map((delivery) => delivery.status);
      receiver.reset();
      for (let i = 0; i < 12; i += 1) await deliver(batch([`usr_${i}`])).catch(() => undefined);
      expect(receiver.received.map((delivery) => delivery.status)).toEqual(first);
      return first;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 503]));
  });
});

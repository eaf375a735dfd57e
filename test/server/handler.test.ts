import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectors, relayCrm, relayCrmConnector, relayCrmHandlers } from '../../mocks/index.ts';
import { createMemoryStore, TributaryError, type Engine } from '../../src/engine/index.ts';
import { createEngineHost, type EngineHost } from '../../src/server/engineHost.ts';
import { createRequestHandler, type RequestHandlerOptions } from '../../src/server/handler.ts';
import { toNodeListener } from '../../src/server/node.ts';
import { createMemoryTenantStores, type TenantStores } from '../../src/server/tenancy.ts';
import { server as msw } from '../setup/msw.ts';
import { createReceiver, settled } from '../engine/helpers.ts';
import { bearerTenant, idsIn, readUntil } from './helpers.ts';

const BASE = 'http://host.test/tributary';
const key = { appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } } as const;

const disposables: (() => unknown)[] = [];
afterEach(async () => {
  for (const dispose of disposables.splice(0).reverse()) await dispose();
});

function makeHandler(options: Partial<RequestHandlerOptions> & { stores?: TenantStores } = {}) {
  const stores = options.stores ?? createMemoryTenantStores();
  const host = options.host ?? createEngineHost({ connectors, stores, destination: () => async () => undefined, retry: { maxAttempts: 1 } });
  disposables.push(() => host.dispose());
  const handler = createRequestHandler({ authenticate: bearerTenant, ...options, host, stores });
  return { handler, host, stores };
}

function command(name: string, input: unknown = {}, init: { tenant?: string | null; body?: BodyInit; headers?: Record<string, string> } = {}) {
  const tenant = init.tenant === undefined ? 'tenant-a' : init.tenant;
  return new Request(`${BASE}/commands/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(tenant ? { authorization: `Bearer ${tenant}` } : {}), ...init.headers },
    body: init.body ?? JSON.stringify(input),
  });
}

async function json(response: Response): Promise<{ error?: Record<string, unknown> } & Record<string, unknown>> {
  return (await response.json()) as { error?: Record<string, unknown> } & Record<string, unknown>;
}

describe('routing and status codes', () => {
  it('answers a command with its output as JSON, and a command without output with 204', async () => {
    const { handler } = makeHandler();
    const apps = await handler(command('listApps'));
    expect(apps.status).toBe(200);
    expect(apps.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await apps.json()) as { id: string }[]).map((app) => app.id)).toContain(relayCrm.appId);

    const connected = await handler(command('connect', key));
    expect(connected.status).toBe(200);
    const connection = (await connected.json()) as { id: string; status: string };
    expect(connection.status).toBe('connected');
    const removed = await handler(command('disconnect', { connectionId: connection.id }));
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
  });

  it('answers 401 with a typed error when the host does not authenticate the request', async () => {
    const authenticate = vi.fn(async (request: Request) => bearerTenant(request));
    const { handler } = makeHandler({ authenticate });
    const response = await handler(command('listApps', {}, { tenant: null }));
    expect(response.status).toBe(401);
    expect((await json(response)).error).toMatchObject({ code: 'request.unauthenticated', class: 'auth' });
    const events = await handler(new Request(`${BASE}/events`));
    expect(events.status).toBe(401);
    expect(authenticate).toHaveBeenCalledTimes(2);
  });

  it.each(['dispose', 'subscribe', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope'])(
    'answers 404 to "%s", which is not a command, and leaves the engine working',
    async (name) => {
      const { handler } = makeHandler();
      const response = await handler(command(name));
      expect(response.status).toBe(404);
      expect((await json(response)).error).toMatchObject({ code: 'request.unknown-command' });
      expect((await handler(command('listApps'))).status).toBe(200);
    },
  );

  it('answers 404 outside its routes and 405 to a wrong method', async () => {
    const { handler } = makeHandler();
    for (const url of [`${BASE}/`, `${BASE}/nothing`, `${BASE}/commands`, `${BASE}/commands/listApps/extra`, 'http://host.test/other/commands/listApps', `${BASE}/%E0%A4%A`]) {
      const response = await handler(new Request(url, { method: 'POST', headers: { authorization: 'Bearer tenant-a' } }));
      expect(response.status, url).toBe(404);
      expect((await json(response)).error).toMatchObject({ code: 'request.unknown-route', class: 'config' });
    }
    const get = await handler(new Request(`${BASE}/commands/listApps`, { headers: { authorization: 'Bearer tenant-a' } }));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await handler(new Request(`${BASE}/events`, { method: 'POST', headers: { authorization: 'Bearer tenant-a' } }));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('answers bad JSON and inputs that are not objects with 400, and other media types with 415', async () => {
    const { handler } = makeHandler();
    const bad = await handler(command('listApps', undefined, { body: '{"oops' }));
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ code: 'request.bad-json', class: 'config' });
    const array = await handler(command('listApps', [1, 2]));
    expect(array.status).toBe(400);
    expect((await json(array)).error).toMatchObject({ code: 'request.bad-input' });
    const form = await handler(command('listApps', undefined, { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(form.status).toBe(415);
    const empty = await handler(command('listApps', undefined, { body: '' }));
    expect(empty.status).toBe(200);
  });

  it('answers a body over the limit with 413, whether or not it declares its length', async () => {
    const { handler } = makeHandler();
    const big = JSON.stringify({ appId: 'x'.repeat(1024 * 1024) });
    const declared = await handler(command('connect', undefined, { body: big }));
    expect(declared.status).toBe(413);
    expect((await json(declared)).error).toMatchObject({ code: 'request.too-large', class: 'config' });

    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(chunk);
      },
    });
    const streamed = await handler(
      new Request(`${BASE}/commands/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer tenant-a' },
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    // It stopped reading just past the limit instead of taking the whole body.
    expect(pulled * chunk.byteLength).toBeLessThan(2 * 1024 * 1024);
  });

  it('maps engine errors to statuses: validation 400, not found 404, run conflicts 409, an app refusing credentials 422', async () => {
    const { handler } = makeHandler();
    const incomplete = await handler(command('connect', { appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: '' } }));
    expect(incomplete.status).toBe(400);
    expect((await json(incomplete)).error).toMatchObject({ code: 'credentials.invalid', issues: [{ path: 'credentials.apiKey' }] });

    const refused = await handler(command('connect', { appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: 'wrong' } }));
    expect(refused.status).toBe(422);
    expect((await json(refused)).error).toMatchObject({ code: 'auth.invalid-credentials', class: 'auth', status: 401 });

    const missing = await handler(command('getRun', { runId: 'nope' }));
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toMatchObject({ code: 'run.not-found' });
    expect((await handler(command('listCollections', { connectionId: 'nope' }))).status).toBe(404);

    msw.use(...relayCrmHandlers({ faults: { latencyMs: 30 } }));
    const connection = (await (await handler(command('connect', key))).json()) as { id: string };
    const run = (await (await handler(command('startImport', { connectionId: connection.id, collection: 'users' }))).json()) as { id: string };
    const again = await handler(command('startImport', { connectionId: connection.id, collection: 'users' }));
    expect(again.status).toBe(409);
    expect((await json(again)).error).toMatchObject({ code: 'run.already-active' });
    const restart = await handler(command('restartRun', { runId: run.id }));
    expect(restart.status).toBe(409);
    expect((await json(restart)).error).toMatchObject({ code: 'run.in-progress' });
    await handler(command('cancelRun', { runId: run.id }));
  });

  it('answers an app rate limiting the connect with 429 and Retry-After, and an app failing with 503', async () => {
    const { handler } = makeHandler();
    msw.use(http.get(`${relayCrmConnector.baseUrl}/me`, () => HttpResponse.json({ error: { message: 'Slow down' } }, { status: 429, headers: { 'retry-after': '7' } })));
    const limited = await handler(command('connect', key));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await json(limited)).error).toMatchObject({ code: 'source.rate-limited', class: 'rate-limited', retryAfterMs: 7000 });

    msw.use(http.get(`${relayCrmConnector.baseUrl}/me`, () => HttpResponse.json({ error: { message: 'Down' } }, { status: 502 })));
    const down = await handler(command('connect', key));
    expect(down.status).toBe(503);
    expect((await json(down)).error).toMatchObject({ code: 'source.unavailable', class: 'transient' });
  });

  it('answers an internal failure with 500 and no internals, and tells onError what was thrown', async () => {
    const memory = createMemoryTenantStores();
    const stores: TenantStores = {
      ...memory,
      forTenant: (tenantId) => ({
        ...memory.forTenant(tenantId),
        listConnections: async () => {
          throw new Error('connect ECONNREFUSED postgres://admin:s3cr3t@db');
        },
      }),
    };
    const onError = vi.fn();
    const { handler } = makeHandler({ stores, onError });
    const response = await handler(command('listConnections'));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('ECONNREFUSED');
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', class: 'internal', message: 'The server failed to handle the request.' } });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[1]).toEqual({ method: 'POST', route: 'commands/listConnections', tenantId: 'tenant-a' });
  });

  it('logs an internal failure by default without its message', async () => {
    const memory = createMemoryTenantStores();
    const stores: TenantStores = {
      ...memory,
      forTenant: (tenantId) => ({ ...memory.forTenant(tenantId), listConnections: async () => Promise.reject(new Error('password=s3cr3t')) }),
    };
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { handler } = makeHandler({ stores });
      expect((await handler(command('listConnections'))).status).toBe(500);
      expect(error).toHaveBeenCalledTimes(1);
      expect(String(error.mock.calls[0]?.[0])).toContain('commands/listConnections');
      expect(JSON.stringify(error.mock.calls)).not.toContain('s3cr3t');
    } finally {
      error.mockRestore();
    }
  });
});

describe('webhook intake', () => {
  function withIntake(host: EngineHost, receiveWebhook: (input: { connectionId: string; headers: Record<string, string>; body: string }) => Promise<{ accepted: number }>): EngineHost {
    return { ...host, engineFor: (tenantId) => Object.assign(Object.create(host.engineFor(tenantId)) as Engine, { receiveWebhook }) };
  }

  function webhook(connectionId: string, body: BodyInit, headers: Record<string, string> = {}) {
    return new Request(`${BASE}/webhooks/${connectionId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  }

  it('answers 404 for a connection no tenant has, without asking the host who is calling', async () => {
    const authenticate = vi.fn(bearerTenant);
    const { handler } = makeHandler({ authenticate });
    const response = await handler(webhook('nope', '{}'));
    expect(response.status).toBe(404);
    expect((await json(response)).error).toMatchObject({ code: 'webhook.unknown-connection' });
    expect(authenticate).not.toHaveBeenCalled();
  });

  it("hands the raw body and the headers to the connection's tenant engine, with no session", async () => {
    const stores = createMemoryTenantStores();
    const base = createEngineHost({ connectors, stores, destination: () => async () => undefined });
    const received: unknown[] = [];
    const host = withIntake(base, async (input) => {
      received.push(input);
      return { accepted: 2 };
    });
    const { handler } = makeHandler({ host, stores });
    const connection = await base.engineFor('tenant-b').connect(key);
    const raw = '{ "events" : [1,2],\n  "note": "spacing kept" }';
    const response = await handler(webhook(connection.id, raw, { 'X-Signature': 'sha256=abc' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 2 });
    expect(received).toEqual([{ connectionId: connection.id, body: raw, headers: expect.objectContaining({ 'x-signature': 'sha256=abc' }) }]);
  });

  it('answers a bad signature with 401, a malformed payload with 400, and a body over 5 MB with 413', async () => {
    const stores = createMemoryTenantStores();
    const base = createEngineHost({ connectors, stores, destination: () => async () => undefined });
    let failure: TributaryError | undefined;
    const host = withIntake(base, async () => {
      if (failure) throw failure;
      return { accepted: 1 };
    });
    const { handler } = makeHandler({ host, stores });
    const connection = await base.engineFor('tenant-a').connect(key);

    failure = new TributaryError({ code: 'webhook.bad-signature', class: 'auth', message: 'The signature does not match.' });
    const unsigned = await handler(webhook(connection.id, '{}'));
    expect(unsigned.status).toBe(401);
    expect((await json(unsigned)).error).toMatchObject({ code: 'webhook.bad-signature', class: 'auth' });

    failure = new TributaryError({ code: 'webhook.malformed', class: 'source-data', message: 'No events in the payload.' });
    const malformed = await handler(webhook(connection.id, '[]'));
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error).toMatchObject({ code: 'webhook.malformed' });

    failure = undefined;
    const large = await handler(webhook(connection.id, 'x'.repeat(5 * 1024 * 1024 + 1)));
    expect(large.status).toBe(413);
    const fits = await handler(webhook(connection.id, 'x'.repeat(2 * 1024 * 1024)));
    expect(fits.status).toBe(200);
  });

  it('answers 501 when the engine takes no webhooks', async () => {
    const stores = createMemoryTenantStores();
    const base = createEngineHost({ connectors, stores, destination: () => async () => undefined });
    const host: EngineHost = { ...base, engineFor: (tenantId) => ({ ...base.engineFor(tenantId), receiveWebhook: undefined }) as unknown as Engine };
    const { handler } = makeHandler({ host, stores });
    const connection = await base.engineFor('tenant-a').connect(key);
    const response = await handler(webhook(connection.id, '{}'));
    expect(response.status).toBe(501);
    expect((await json(response)).error).toMatchObject({ code: 'webhook.unsupported' });
  });
});

describe('the event stream', () => {
  function events(handler: (request: Request) => Promise<Response>, init: { lastEventId?: string; signal?: AbortSignal } = {}) {
    return handler(
      new Request(`${BASE}/events`, {
        headers: { authorization: 'Bearer tenant-a', ...(init.lastEventId ? { 'last-event-id': init.lastEventId } : {}) },
        ...(init.signal ? { signal: init.signal } : {}),
      }),
    );
  }

  const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

  it("streams the tenant's engine events, each with an id one above the last, after a ready event", async () => {
    const { handler, host } = makeHandler();
    const controller = new AbortController();
    const response = await events(handler, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    const body = response.body as ReadableStream<Uint8Array>;
    const ready = await readUntil(body, (text) => text.includes('\n\n'));
    expect(ready).toMatch(/^event: ready\nid: [0-9a-f]{8}-0\ndata: \{\}\n\n$/);

    const engine = host.engineFor('tenant-a');
    const one = await engine.connect(key);
    const two = await engine.connect(key);
    const text = await readUntil(body, (t) => t.includes(two.id));
    const ids = idsIn(text);
    expect(ids).toHaveLength(2);
    const epoch = ids[0]?.split('-')[0];
    expect(ids).toEqual([`${epoch}-1`, `${epoch}-2`]);
    const data = [...text.matchAll(/^data: (.+)$/gm)].map((match) => JSON.parse(match[1] as string) as { type: string; connection: { id: string } });
    expect(data.map((event) => [event.type, event.connection.id])).toEqual([['connection.changed', one.id], ['connection.changed', two.id]]);
    controller.abort();
  });

  it('sends a heartbeat comment at the configured interval', async () => {
    const { handler } = makeHandler({ heartbeatMs: 20 });
    const controller = new AbortController();
    const response = await events(handler, { signal: controller.signal });
    const text = await readUntil(response.body as ReadableStream<Uint8Array>, (t) => count(t, /^: heartbeat$/gm) >= 2);
    expect(count(text, /^: heartbeat\n\n/gm)).toBeGreaterThanOrEqual(2);
    controller.abort();
  });

  it('given a Last-Event-ID it holds, replays exactly the events after it, then goes on live', async () => {
    const { handler, host } = makeHandler();
    const engine = host.engineFor('tenant-a');
    const first = new AbortController();
    const body = (await events(handler, { signal: first.signal })).body as ReadableStream<Uint8Array>;
    const a = await engine.connect(key);
    const seen = await readUntil(body, (t) => t.includes(a.id));
    const lastId = idsIn(seen).at(-1) as string;
    first.abort();

    const b = await engine.connect(key);
    const c = await engine.connect(key);
    const second = new AbortController();
    const again = (await events(handler, { lastEventId: lastId, signal: second.signal })).body as ReadableStream<Uint8Array>;
    let text = await readUntil(again, (t) => t.includes('event: ready'));
    expect(text).not.toContain(a.id);
    expect(text.indexOf(b.id)).toBeLessThan(text.indexOf(c.id));
    const [epoch, seq] = lastId.split('-');
    expect(idsIn(text)).toEqual([`${epoch}-${Number(seq) + 1}`, `${epoch}-${Number(seq) + 2}`, `${epoch}-${Number(seq) + 2}`]);
    const d = await engine.connect(key);
    text = await readUntil(again, (t) => t.includes(d.id));
    expect(idsIn(text)).toEqual([`${epoch}-${Number(seq) + 3}`]);
    second.abort();
  });

  it('given an unknown or too old Last-Event-ID, sends reset so the client reloads', async () => {
    const { handler, host } = makeHandler({ replayBufferSize: 2 });
    const engine = host.engineFor('tenant-a');
    const first = new AbortController();
    const body = (await events(handler, { signal: first.signal })).body as ReadableStream<Uint8Array>;
    const ready = await readUntil(body, (t) => t.includes('\n\n'));
    const start = idsIn(ready)[0] as string;
    first.abort();
    for (let i = 0; i < 3; i += 1) await engine.connect(key);

    for (const lastEventId of [start, 'deadbeef-1', 'garbage', `${start.split('-')[0]}-999`]) {
      const controller = new AbortController();
      const response = await events(handler, { lastEventId, signal: controller.signal });
      const text = await readUntil(response.body as ReadableStream<Uint8Array>, (t) => t.includes('\n\n'));
      expect(text, lastEventId).toMatch(/^event: reset\nid: [0-9a-f]{8}-3\n/);
      controller.abort();
    }
    // Within the buffer, it replays.
    const within = new AbortController();
    const response = await events(handler, { lastEventId: `${start.split('-')[0]}-1`, signal: within.signal });
    const text = await readUntil(response.body as ReadableStream<Uint8Array>, (t) => t.includes('event: ready'));
    expect(text).not.toContain('event: reset');
    expect(idsIn(text).slice(0, 2)).toEqual([`${start.split('-')[0]}-2`, `${start.split('-')[0]}-3`]);
    within.abort();
  });

  it("releases a tenant's buffer once no stream has read it for replayRetentionMs: a later reconnect gets reset, a live one keeps it", async () => {
    const { handler, host } = makeHandler({ replayRetentionMs: 400 });
    const engine = host.engineFor('tenant-a');
    const first = new AbortController();
    const body = (await events(handler, { signal: first.signal })).body as ReadableStream<Uint8Array>;
    const a = await engine.connect(key);
    const lastId = idsIn(await readUntil(body, (t) => t.includes(a.id))).at(-1) as string;
    // While a stream is open, the buffer stays however long it takes.
    await new Promise((resolve) => setTimeout(resolve, 600));
    first.abort();
    await engine.connect(key);

    // Back within the retention: the event it missed is replayed.
    const soon = new AbortController();
    let text = await readUntil((await events(handler, { lastEventId: lastId, signal: soon.signal })).body as ReadableStream<Uint8Array>, (t) => t.includes('event: ready'));
    expect(text).not.toContain('event: reset');
    expect(idsIn(text)).toHaveLength(2);
    soon.abort();

    // Long after the last stream closed, the buffer is gone: reset, and the client reloads.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const late = new AbortController();
    text = await readUntil((await events(handler, { lastEventId: lastId, signal: late.signal })).body as ReadableStream<Uint8Array>, (t) => t.includes('\n\n'));
    expect(text).toMatch(/^event: reset\n/);
    late.abort();
  });

  it('ends cleanly when the request is aborted', async () => {
    const { handler } = makeHandler({ heartbeatMs: 10 });
    const controller = new AbortController();
    const response = await events(handler, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    let result = await reader.read();
    while (!result.done) result = await reader.read();
    expect(result.done).toBe(true);
  });
});

describe('the Node adapter', () => {
  async function listen(handler: Parameters<typeof toNodeListener>[0]) {
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    disposables.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('passes method, URL, headers and body through, and writes status, headers and every cookie back', async () => {
    const origin = await listen(async (request) => {
      const body = await request.text();
      return new Response(JSON.stringify({ method: request.method, url: request.url, header: request.headers.get('x-test'), body }), {
        status: 201,
        headers: [['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']],
      });
    });
    const response = await fetch(`${origin}/tributary/x?y=1`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ method: 'POST', url: `${origin}/tributary/x?y=1`, header: 'yes', body: 'hello' });
  });

  it("aborts the request's signal and cancels the response stream when the client disconnects", async () => {
    let aborted = false;
    let cancelled = false;
    const origin = await listen(async (request) => {
      request.signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(': hello\n\n'));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    });
    const controller = new AbortController();
    const response = await fetch(`${origin}/x`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await expect.poll(() => aborted && cancelled).toBe(true);
  });

  it('reads a streamed body only as fast as the socket takes it (backpressure)', async () => {
    let produced = 0;
    const chunk = new Uint8Array(64 * 1024);
    const origin = await listen(async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            produced += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      ),
    );
    // A raw request whose response is never read: the socket fills up and the server must stop pulling.
    const req = httpRequest(`${origin}/x`);
    await new Promise<void>((resolve) => {
      req.on('response', (res) => {
        res.pause();
        resolve();
      });
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const settled = produced;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(produced).toBe(settled);
    expect(produced).toBeLessThan(64 * 1024 * 1024);
    req.destroy();
  });

  it('answers 413 over a chunked body past the limit, and the Express-style next gets paths outside the base path', async () => {
    const { handler } = makeHandler();
    const listener = toNodeListener(handler);
    const passed: string[] = [];
    const server = createServer((req, res) =>
      listener(req, res, () => {
        passed.push(req.url ?? '');
        res.end('next');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    disposables.push(() => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const other = await fetch(`${origin}/health`);
    expect(await other.text()).toBe('next');
    expect(passed).toEqual(['/health']);

    const big = new TextEncoder().encode('x'.repeat(256 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent += 1;
        controller.enqueue(big);
      },
    });
    const response = await fetch(`${origin}/tributary/commands/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer tenant-a' },
      body,
      duplex: 'half',
    } as RequestInit).catch((e: unknown) => e);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(413);
    const ok = await fetch(`${origin}/tributary/commands/listApps`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer tenant-a' }, body: '{}' });
    expect(ok.status).toBe(200);
  });
});

describe('the engine host', () => {
  it('gives each tenant one engine, over its own store', async () => {
    const stores = createMemoryTenantStores();
    const a = createMemoryStore();
    const host = createEngineHost({
      connectors,
      stores: { ...stores, forTenant: (tenantId) => (tenantId === 'tenant-a' ? a : stores.forTenant(tenantId)) },
      destination: () => async () => undefined,
    });
    disposables.push(() => host.dispose());
    expect(host.engineFor('tenant-a')).toBe(host.engineFor('tenant-a'));
    expect(host.engineFor('tenant-a')).not.toBe(host.engineFor('tenant-b'));
    await host.engineFor('tenant-a').connect(key);
    expect(await a.listConnections()).toHaveLength(1);
    expect(await host.engineFor('tenant-b').listConnections()).toEqual([]);
    await host.dispose();
    expect(() => host.engineFor('tenant-c')).toThrow(expect.objectContaining({ code: 'host.disposed' }));
  });

  it('given a run the store shows in progress after a restart, resumeAll picks it up without any request', async () => {
    const stores = createMemoryTenantStores();
    const receiver = createReceiver();
    const first = createEngineHost({ connectors, stores, destination: () => receiver.destination });
    const engine = first.engineFor('tenant-a');
    const connection = await engine.connect(key);
    const run = await engine.startImport({ connectionId: connection.id, collection: 'users' });
    await settled(engine, run.id);
    await first.dispose();
    // As a crash mid-import leaves it: in progress, with no checkpoint yet.
    const store = stores.forTenant('tenant-a');
    await store.putRun({ ...run, status: 'running', revision: 50 });
    await store.deleteCheckpoint(run.id);

    const second = createEngineHost({ connectors, stores, destination: () => receiver.destination });
    disposables.push(() => second.dispose());
    await second.resumeAll();
    const resumed = await settled(second.engineFor('tenant-a'), run.id);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.log.map((entry) => entry.message)).toContain('Resuming after the engine restarted.');
  });
});

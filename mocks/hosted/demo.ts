/**
 * The hosted demo behind `npm run serve`: one Node process on localhost with
 * - the hosted engine (`tributary/server`) on a SQLite database in a data folder,
 * - the mocked apps, served over loopback HTTP from the same msw handlers the tests use,
 *   with Relay CRM's records changeable at run time and its webhooks posted to the engine's intake,
 * - a receiver playing the host app's endpoint for signed record batches,
 * - and (from `serve.ts`) a page that uses the kit through the HTTP transport.
 *
 * Routes of its own, under `/demo/`, let the page play the mocked app's user
 * (change a record, register the webhook) and show what the receiver holds.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHttpDestination, generateWebhookSecret, type ConnectorDefinition } from '../../src/engine/index.ts';
import { createEngineHost, createRequestHandler, createSqliteStores, toNodeListener, type EngineHost } from '../../src/server/index.ts';
import { createHostReceiver, type HostReceiver } from '../host/receiver.ts';
import { hostSchemas } from '../host/schemas.ts';
import { connectors, createRelayCrm, handlers, oauthClients, relayCrm, type RelayCrmApp } from '../index.ts';
import { serveHandlers, routeTo, type ServedHandlers } from '../node/serveHandlers.ts';
import { people, slug, type Person } from '../shared/people.ts';

/** The demo signs its visitors in as this tenant unless a `tributary-demo-tenant` cookie names another. */
export const DEMO_TENANT = 'acme';
const RECEIVER_URL = 'https://host.demo.test/tributary-records';
const TENANT_COOKIE = /(?:^|;\s*)tributary-demo-tenant=([\w-]{1,64})/;

export interface HostedDemoOptions {
  /** Where the SQLite database and the demo's own state live; created if missing. */
  dataDir: string;
  /** @default 0 (any free port) */
  port?: number;
  /** Answers every request the demo's own routes do not (the page); 404 without it. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  /** @default 2000 */
  heartbeatMs?: number;
  /** The apps on offer. @default every mocked app's connector */
  connectors?: ConnectorDefinition[];
}

export interface HostedDemo {
  /** `http://127.0.0.1:<port>` */
  url: string;
  server: Server;
  host: EngineHost;
  relay: RelayCrmApp;
  receiver: HostReceiver;
  /** The URL an app posts a connection's webhooks to. */
  webhookUrl(connectionId: string): string;
  close(): Promise<void>;
}

/** One record as the receiver last got it. */
export interface ReceiverRecord {
  connectionId: string;
  collection: string;
  dataModel?: string;
  id: string;
  op: string;
  data: Record<string, unknown>;
  runId: string;
  receivedAt: number;
}

/** What the host app's endpoint holds. */
export interface ReceiverState {
  /** Requests that reached it, whatever the answer. */
  deliveries: number;
  /** Records accepted, each idempotency key once. */
  accepted: number;
  /** Records dropped as redeliveries of a key already accepted. */
  duplicates: number;
  /** The host's copy: each record's latest state, deleted ones gone. */
  records: ReceiverRecord[];
  /** The latest records delivered, newest first (deletes included). */
  recent: ReceiverRecord[];
}

const RECENT = 25;

/** A 32-byte key kept in the data folder, so sealed credentials survive a restart. */
function secretKeyIn(dataDir: string): Uint8Array {
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) writeFileSync(file, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'), { mode: 0o600 });
  return new Uint8Array(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
}

/** The webhook each connection registered in the mocked Relay CRM, kept as the app itself would keep it. */
interface RelaySubscription {
  connectionId: string;
  secret: string;
}

function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('The body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startHostedDemo(options: HostedDemoOptions): Promise<HostedDemo> {
  mkdirSync(options.dataDir, { recursive: true });
  const relay = createRelayCrm();
  // The secret the engine signs deliveries with and the receiver checks them by.
  const receiverSecret = generateWebhookSecret();
  const receiver = createHostReceiver({ url: RECEIVER_URL, secret: receiverSecret });
  // Relay CRM's live records answer first; every other app keeps its fixed data.
  const apps: ServedHandlers = await serveHandlers([...relay.handlers, ...receiver.handlers, ...handlers]);
  const appFetch = routeTo(apps.url);

  const stores = createSqliteStores({ path: join(options.dataDir, 'tributary.db'), secretKey: secretKeyIn(options.dataDir) });
  const host = createEngineHost({
    stores,
    connectors: options.connectors ?? connectors,
    // OAuth apps sign in with the demo's registered client; the token exchange happens here, on the server.
    oauthClients,
    fetch: appFetch,
    schemas: hostSchemas,
    destination: () => createHttpDestination({ url: RECEIVER_URL, secret: receiverSecret, fetch: appFetch }),
  });
  const handler = createRequestHandler({
    host,
    heartbeatMs: options.heartbeatMs ?? 2000,
    // The demo's sign-in: a cookie names the tenant, so two browser profiles can try tenancy.
    authenticate: (request) => TENANT_COOKIE.exec(request.headers.get('cookie') ?? '')?.[1] ?? DEMO_TENANT,
    onError: (error, context) => console.error(`[demo] ${context.method} ${context.route}:`, error),
  });
  const listener = toNodeListener(handler);

  let origin = '';
  const webhookUrl = (connectionId: string) => `${origin}${handler.basePath}/webhooks/${encodeURIComponent(connectionId)}`;
  const subscriptionsFile = join(options.dataDir, 'relay-webhooks.json');
  const unsubscribers = new Map<string, () => void>();
  function subscribe(subscription: RelaySubscription): void {
    unsubscribers.get(subscription.connectionId)?.();
    unsubscribers.set(subscription.connectionId, relay.webhooks.subscribe({ secret: subscription.secret, url: webhookUrl(subscription.connectionId) }));
  }
  const subscriptions = new Map(readJson<RelaySubscription[]>(subscriptionsFile, []).map((entry) => [entry.connectionId, entry]));
  const saveSubscriptions = () => writeFileSync(subscriptionsFile, JSON.stringify([...subscriptions.values()]), { mode: 0o600 });

  /** The host's copy as the receiver's accepted deliveries build it: each record's latest state, deletes applied. */
  function receiverState(): ReceiverState {
    const latest = new Map<string, ReceiverRecord>();
    const recent: ReceiverRecord[] = [];
    for (const delivery of receiver.received) {
      const batch = delivery.batch;
      if (!batch || delivery.status !== 200) continue;
      for (const record of batch.records) {
        const entry: ReceiverRecord = { ...batch.dataSource, id: record.id, op: record.op, data: record.data, runId: batch.runId, receivedAt: delivery.at };
        const key = `${batch.dataSource.connectionId}\u0000${batch.dataSource.collection}\u0000${record.id}`;
        if (record.op === 'delete') latest.delete(key);
        else latest.set(key, entry);
        recent.push(entry);
        if (recent.length > RECENT) recent.shift();
      }
    }
    return { deliveries: receiver.received.length, accepted: receiver.accepted.length, duplicates: receiver.duplicates, records: [...latest.values()], recent: recent.reverse() };
  }

  /** The mocked app's user at work: one change to a Relay CRM user. */
  function changeUser(kind: unknown, id: unknown): { type: string; id: string } {
    const users = relay.users.all();
    const pick = typeof id === 'string' && relay.users.get(id) ? id : users[Math.floor(Math.random() * users.length)]?.id;
    if (kind === 'create' || pick === undefined) {
      const created = relay.users.create((at) => {
        const person = people(1, at)[0] as Person;
        const stamp = new Date(at).toISOString();
        return {
          id: `usr_demo_${at.toString(36)}`,
          first_name: person.first,
          last_name: person.last,
          email: `${person.first}.${slug(person.last)}.${at.toString(36)}@example.com`.toLowerCase(),
          job_title: person.title,
          address: { city: person.city, country: person.country },
          created_at: stamp,
          updated_at: stamp,
        };
      });
      return { type: 'created', id: created.id };
    }
    if (kind === 'delete') {
      relay.users.remove(pick);
      return { type: 'deleted', id: pick };
    }
    const updated = relay.users.update(pick, (record, at) => ({ ...record, job_title: `${record.job_title.replace(/ \(\d+\)$/, '')} (${new Date(at).getSeconds()})` }));
    return { type: 'updated', id: updated.id };
  }

  async function demoRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/demo/receiver') return sendJson(res, 200, receiverState());
    if (req.method === 'GET' && path === '/demo/relay') {
      return sendJson(res, 200, { users: relay.users.size, apiKey: relayCrm.apiKey, webhooks: [...subscriptions.keys()] });
    }
    if (req.method === 'POST' && path === '/demo/relay/webhook') {
      const body = (await readBody(req)) as Partial<RelaySubscription>;
      if (typeof body.connectionId !== 'string' || typeof body.secret !== 'string' || body.secret === '') {
        return sendJson(res, 400, { error: { message: 'Send { connectionId, secret }.' } });
      }
      const subscription = { connectionId: body.connectionId, secret: body.secret };
      subscriptions.set(subscription.connectionId, subscription);
      saveSubscriptions();
      subscribe(subscription);
      return sendJson(res, 200, { url: webhookUrl(subscription.connectionId) });
    }
    if (req.method === 'POST' && path === '/demo/relay/change') {
      const body = (await readBody(req)) as { type?: unknown; id?: unknown };
      if (body.type !== 'create' && body.type !== 'update' && body.type !== 'delete') {
        return sendJson(res, 400, { error: { message: 'type is create, update or delete.' } });
      }
      return sendJson(res, 200, changeUser(body.type, body.id));
    }
    return sendJson(res, 404, { error: { message: 'There is no such demo route.' } });
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === handler.basePath || path.startsWith(`${handler.basePath}/`)) return listener(req, res);
    if (path.startsWith('/demo/')) {
      demoRoute(req, res, path).catch((error: unknown) => sendJson(res, 400, { error: { message: error instanceof Error ? error.message : String(error) } }));
      return;
    }
    if (options.fallback) return options.fallback(req, res);
    sendJson(res, 404, { error: { message: 'Not found.' } });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const subscription of subscriptions.values()) subscribe(subscription);
  // Imports a restart cut off go on without waiting for a visitor.
  await host.resumeAll();

  return {
    url: origin,
    server,
    host,
    relay,
    receiver,
    webhookUrl,
    async close() {
      for (const stop of unsubscribers.values()) stop();
      await relay.webhooks.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await host.dispose();
      stores.close();
      await apps.close();
    },
  };
}

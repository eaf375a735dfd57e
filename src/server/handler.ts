import { toTributaryError, TributaryError, type CommandName, type Engine } from '../engine/index.ts';
import { parseCommandInput, readBodyText } from './body.ts';
import type { EngineHost } from './engineHost.ts';
import { errorResponse, httpStatusOf, jsonResponse, RequestError } from './httpErrors.ts';
import { EventFeed, eventStream } from './sse.ts';
import type { TenantStores } from './tenancy.ts';

/**
 * The commands a session may call over HTTP: an explicit list, so nothing else
 * on the engine object (`dispose`, `subscribe`, prototype keys) is reachable
 * by name. Typed against EngineCommands, so a new command must be listed here.
 */
const COMMANDS: Readonly<Record<Exclude<CommandName, 'receiveWebhook'>, true>> = {
  listApps: true,
  connect: true,
  reconnect: true,
  testCredentials: true,
  startOAuth: true,
  completeOAuth: true,
  listConnections: true,
  disconnect: true,
  listCollections: true,
  sampleRecords: true,
  getFieldMapping: true,
  saveFieldMapping: true,
  suggestMapping: true,
  previewMapping: true,
  startImport: true,
  cancelRun: true,
  resumeRun: true,
  restartRun: true,
  listDeadLetters: true,
  replayDeadLetters: true,
  listRuns: true,
  getRun: true,
  getFlow: true,
  retryFlowRun: true,
  // Returns the connection's new webhook signing secret once, for the user to paste into the app.
  rotateWebhookSecret: true,
};

/**
 * The webhook intake the engine offers. Declared here, not taken from the
 * engine's types, and checked at run time, so the server works with an
 * engine that has none (it answers 501).
 */
interface WebhookIntake {
  receiveWebhook(input: { connectionId: string; headers: Record<string, string>; body: string }): Promise<{ accepted: number }>;
}

function hasWebhookIntake(engine: Engine): engine is Engine & WebhookIntake {
  return typeof (engine as Partial<WebhookIntake>).receiveWebhook === 'function';
}

export interface RequestContext {
  method: string;
  /** The route matched, without ids: `commands/<name>`, `events` or `webhooks`. */
  route: string;
  tenantId?: string;
}

export interface RequestHandlerOptions {
  host: EngineHost;
  /**
   * Who is calling: the host verifies its own session or token and returns the
   * tenant id, or undefined to answer 401. Not called for app webhooks.
   */
  authenticate: (request: Request) => string | undefined | null | Promise<string | undefined | null>;
  /** Where the routes live. @default '/tributary' */
  basePath?: string;
  /** How an app's webhook finds its tenant. @default host.stores */
  stores?: TenantStores;
  /** Largest command body accepted, in bytes. @default 1048576 (1 MB) */
  maxBodyBytes?: number;
  /** Largest webhook body accepted, in bytes. @default 5242880 (5 MB) */
  maxWebhookBytes?: number;
  /** How often an event stream sends a comment so proxies keep it open. @default 15000 */
  heartbeatMs?: number;
  /** Events kept per tenant for clients that reconnect with `Last-Event-ID`. @default 1000 */
  replayBufferSize?: number;
  /**
   * A tenant's event buffer is released this long after its last stream closed; a client
   * reconnecting later than that reloads its state (it is sent `reset`). @default 300000 (5 minutes)
   */
  replayRetentionMs?: number;
  /** Messages a slow event reader may fall behind before its stream is cut (it reconnects and replays). @default 1000 */
  maxQueuedEvents?: number;
  /**
   * Told about every failure answered with 500, with what was thrown. The
   * default logs only the route and the error's code: a message may quote anything.
   */
  onError?: (error: unknown, context: RequestContext) => void;
}

/** A Fetch-API handler: runs in Node (through `toNodeListener`), Next.js route handlers, Hono, Deno, Bun. */
export type RequestHandler = ((request: Request) => Promise<Response>) & {
  /** The path prefix the handler answers under, so an adapter can pass other paths on. */
  readonly basePath: string;
};

function unknownRoute(): RequestError {
  return new RequestError(404, { code: 'request.unknown-route', class: 'config', message: 'There is no such route.' });
}

function methodNotAllowed(allow: string): Response {
  const error = new RequestError(405, { code: 'request.method-not-allowed', class: 'config', message: `Use ${allow} here.` });
  return errorResponse(error, 405, { allow });
}

function isJson(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type);
}

function defaultOnError(_error: unknown, context: RequestContext): void {
  console.error(`[tributary] ${context.method} ${context.route} failed with an internal error; pass onError to see it.`);
}

/** The engine API, the tenant's live events and app webhook intake, as one Fetch-API handler. */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const { host, authenticate } = options;
  const basePath = (options.basePath ?? '/tributary').replace(/\/+$/, '');
  const stores = options.stores ?? host.stores;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxWebhookBytes = options.maxWebhookBytes ?? 5 * 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const replayBufferSize = options.replayBufferSize ?? 1000;
  const replayRetentionMs = options.replayRetentionMs ?? 5 * 60_000;
  const maxQueuedEvents = options.maxQueuedEvents ?? 1000;
  const onError = options.onError ?? defaultOnError;
  const feeds = new Map<string, EventFeed>();

  function feedFor(tenantId: string): EventFeed {
    let feed = feeds.get(tenantId);
    if (!feed) {
      const created = new EventFeed(host.engineFor(tenantId), replayBufferSize, {
        ms: replayRetentionMs,
        then: () => {
          created.close();
          if (feeds.get(tenantId) === created) feeds.delete(tenantId);
        },
      });
      feeds.set(tenantId, (feed = created));
    }
    return feed;
  }

  async function tenantOf(request: Request, context: RequestContext): Promise<string> {
    const tenantId = await authenticate(request);
    if (typeof tenantId !== 'string' || tenantId === '') {
      throw new RequestError(401, { code: 'request.unauthenticated', class: 'auth', message: 'Sign in to use this API.' });
    }
    context.tenantId = tenantId;
    return tenantId;
  }

  async function command(request: Request, name: string, context: RequestContext): Promise<Response> {
    if (!Object.hasOwn(COMMANDS, name)) {
      throw new RequestError(404, { code: 'request.unknown-command', class: 'config', message: `There is no command "${name}".` });
    }
    const tenantId = await tenantOf(request, context);
    if (!isJson(request)) {
      // Also keeps cross-site form posts out: a JSON content type needs a CORS preflight.
      throw new RequestError(415, { code: 'request.unsupported-media-type', class: 'config', message: 'Send the input as application/json.' });
    }
    const input = parseCommandInput(await readBodyText(request, maxBodyBytes));
    const engine = host.engineFor(tenantId);
    const run = engine[name as CommandName] as (input: unknown) => Promise<unknown>;
    // The engine blanks credentials an app echoes in its errors, for every command and run alike.
    const output = await run.call(engine, input);
    return output === undefined ? new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } }) : jsonResponse(200, output);
  }

  async function events(request: Request, context: RequestContext): Promise<Response> {
    const tenantId = await tenantOf(request, context);
    const body = eventStream({
      feed: feedFor(tenantId),
      lastEventId: request.headers.get('last-event-id'),
      signal: request.signal,
      heartbeatMs,
      maxQueued: maxQueuedEvents,
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // Tells nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      },
    });
  }

  async function webhook(request: Request, connectionId: string): Promise<Response> {
    const tenantId = await stores.tenantOfConnection(connectionId);
    if (tenantId === undefined) {
      throw new RequestError(404, { code: 'webhook.unknown-connection', class: 'config', message: 'There is no such connection.' });
    }
    const engine = host.engineFor(tenantId);
    if (!hasWebhookIntake(engine)) {
      throw new RequestError(501, { code: 'webhook.unsupported', class: 'config', message: 'This engine does not take app webhooks.' });
    }
    // Signatures are over the raw bytes: the body goes on exactly as it came.
    const body = await readBodyText(request, maxWebhookBytes);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    try {
      return jsonResponse(200, await engine.receiveWebhook({ connectionId, headers, body }));
    } catch (thrown) {
      const error = toTributaryError(thrown);
      // Here the caller is the app: a bad signature is its authentication, a bad payload its request.
      if (error.class === 'auth') throw new RequestError(401, error.toJSON());
      if (error.class === 'source-data') throw new RequestError(400, error.toJSON());
      throw error;
    }
  }

  async function route(request: Request, path: string[], context: RequestContext): Promise<Response> {
    const [kind, ...rest] = path;
    if (kind === 'commands' && rest.length === 1 && rest[0]) {
      context.route = `commands/${rest[0]}`;
      if (request.method !== 'POST') return methodNotAllowed('POST');
      return command(request, rest[0], context);
    }
    if (kind === 'events' && rest.length === 0) {
      context.route = 'events';
      if (request.method !== 'GET') return methodNotAllowed('GET');
      return events(request, context);
    }
    if (kind === 'webhooks' && rest.length === 1 && rest[0]) {
      context.route = 'webhooks';
      if (request.method !== 'POST') return methodNotAllowed('POST');
      return webhook(request, rest[0]);
    }
    throw unknownRoute();
  }

  async function handle(request: Request): Promise<Response> {
    const context: RequestContext = { method: request.method, route: '(unknown)' };
    try {
      const { pathname } = new URL(request.url);
      if (!pathname.startsWith(`${basePath}/`)) throw unknownRoute();
      let path: string[];
      try {
        path = pathname.slice(basePath.length + 1).split('/').map((segment) => decodeURIComponent(segment));
      } catch {
        throw unknownRoute();
      }
      return await route(request, path, context);
    } catch (thrown) {
      const error: TributaryError = toTributaryError(thrown);
      const status = httpStatusOf(error);
      if (status >= 500 && status !== 501 && status !== 502 && status !== 503) onError(thrown, context);
      return errorResponse(error, status);
    }
  }

  return Object.assign(handle, { basePath });
}

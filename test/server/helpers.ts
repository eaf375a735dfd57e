import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectors } from '../../mocks/index.ts';
import type { Destination } from '../../src/engine/index.ts';
import { createEngineHost, type EngineHost, type EngineHostOptions } from '../../src/server/engineHost.ts';
import { createRequestHandler, type RequestHandler, type RequestHandlerOptions } from '../../src/server/handler.ts';
import { toNodeListener } from '../../src/server/node.ts';
import { createMemoryTenantStores, type TenantStores } from '../../src/server/tenancy.ts';

/** The test hosts' authentication: the bearer token is the tenant id. */
export function bearerTenant(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  return /^Bearer (\S+)$/.exec(header)?.[1];
}

export interface TestServer {
  /** The handler's base URL, e.g. `http://127.0.0.1:PORT/tributary`. */
  url: string;
  origin: string;
  host: EngineHost;
  stores: TenantStores;
  server: Server;
  handler: RequestHandler;
  /** Serves with a new handler from now on (a restarted server process, with its event buffers gone). */
  replaceHandler(): RequestHandler;
  /** Drops every open connection, as a network blip or a proxy timeout would. */
  dropConnections(): void;
  close(): Promise<void>;
}

export interface TestServerOptions {
  destination?: (tenantId: string) => Destination;
  host?: Partial<Omit<EngineHostOptions, 'stores' | 'destination'>>;
  handler?: Partial<Omit<RequestHandlerOptions, 'host'>>;
  stores?: TenantStores;
}

/** A real `http.createServer(toNodeListener(handler))` on 127.0.0.1, on a free port, over memory tenant stores. */
export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const stores = options.stores ?? createMemoryTenantStores();
  const host = createEngineHost({
    connectors,
    destination: options.destination ?? (() => async () => undefined),
    ...options.host,
    stores,
  });
  const makeHandler = () => createRequestHandler({ host, authenticate: bearerTenant, ...options.handler });
  let handler = makeHandler();
  let listener = toNodeListener(handler);
  const server = createServer((req, res) => listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${handler.basePath}`,
    origin,
    host,
    stores,
    server,
    get handler() {
      return handler;
    },
    replaceHandler() {
      handler = makeHandler();
      listener = toNodeListener(handler);
      return handler;
    },
    dropConnections: () => server.closeAllConnections(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await host.dispose();
    },
  };
}

/** Reads an event stream's text until `done(text)` holds; then stops reading. */
export async function readUntil(body: ReadableStream<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (!done(text)) {
      const { done: ended, value } = await reader.read();
      if (ended) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
  return text;
}

/** The `id:` lines of an event stream's text, in order. */
export function idsIn(text: string): string[] {
  return [...text.matchAll(/^id: (.+)$/gm)].map((match) => match[1] as string);
}

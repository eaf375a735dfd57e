/**
 * Serves msw handlers over real HTTP on loopback, so a separate process (the
 * hosted engine, a crash test's child, the `npm run serve` demo) can talk to
 * the same mocked apps Storybook and the tests use.
 *
 * A request for `https://api.relay-crm.test/users?limit=25` arrives as
 * `http://127.0.0.1:<port>/api.relay-crm.test/users?limit=25`: the first path
 * segment names the original host. `routeTo(url)` gives a fetch that rewrites
 * requests for any `https://*.test` host that way.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { getResponse, type HttpHandler } from 'msw';

export interface ServedHandlers {
  /** `http://127.0.0.1:<port>` */
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The Fetch request a served handler sees: the original URL, method, headers and body. */
async function toRequest(incoming: IncomingMessage): Promise<Request | undefined> {
  const [, host, ...rest] = (incoming.url ?? '/').split('/');
  if (!host) return undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined || name === 'host' || name === 'connection') continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = incoming.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(incoming);
  return new Request(`https://${host}/${rest.join('/')}`, { method, headers, ...(body ? { body: new Uint8Array(body) } : {}) });
}

export async function serveHandlers(handlers: readonly HttpHandler[], port = 0): Promise<ServedHandlers> {
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const request = await toRequest(incoming);
      const response = request ? await getResponse([...handlers], request) : undefined;
      if (!response) {
        outgoing.writeHead(404, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: `No mocked app answers ${incoming.method} ${incoming.url}` }));
        return;
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      outgoing.writeHead(response.status, headers);
      if (response.body) Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(outgoing);
      else outgoing.end();
    })().catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** A fetch that sends requests for mocked `https://<host>.test` apps to a `serveHandlers` server, and anything else on. */
export function routeTo(servedUrl: string, next: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'https:' || !url.hostname.endsWith('.test')) return next(request);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return next(`${servedUrl}/${url.host}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      redirect: request.redirect,
      signal: request.signal,
      ...(body ? { body } : {}),
    });
  };
}

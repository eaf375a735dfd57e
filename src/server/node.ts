import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** A Fetch-API handler; with a `basePath`, an Express-style `next` gets every other path. */
export type FetchHandler = ((request: Request) => Promise<Response>) & { readonly basePath?: string };

/** Node's listener signature, plus Express's optional `next`. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** What Express and similar frameworks add to the request. */
interface FrameworkRequest extends IncomingMessage {
  /** Express: the URL before a mount path was stripped. */
  originalUrl?: string;
  /** A body a parser middleware already read. */
  body?: unknown;
}

function requestUrl(req: FrameworkRequest): URL {
  const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
  const host = req.headers.host ?? 'localhost';
  return new URL(req.originalUrl ?? req.url ?? '/', `${secure ? 'https' : 'http'}://${host}`);
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    // HTTP/2 pseudo-headers (`:path`) are not headers a Request can hold.
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1] as string);
  }
  return headers;
}

/**
 * The request body as a web stream, pulled only as fast as the handler reads.
 * If the handler stops early (a body over its limit), the rest is drained and
 * dropped, so the socket stays usable for the error response.
 */
function requestBody(req: FrameworkRequest): ReadableStream<Uint8Array> | Uint8Array | string | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  // A parser middleware got there first: only raw forms keep the exact bytes.
  if (typeof req.body === 'string') return req.body;
  if (req.body instanceof Uint8Array) return req.body;
  if (req.readableEnded) return undefined;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once('end', () => {
        if (!cancelled) controller.close();
      });
      req.once('error', (error) => {
        if (!cancelled) controller.error(error);
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.resume();
    },
  });
}

/** Resolves when the socket takes more data, or when it is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  // A body the handler refused part-way (over its limit) leaves bytes on the socket: close it after this answer.
  if (!req.readableEnded && req.method !== 'GET' && req.method !== 'HEAD') res.setHeader('connection', 'close');
  if (!response.body) {
    res.end();
    return;
  }
  // Headers now: an event stream may not write its first bytes for a while.
  res.flushHeaders();
  const reader = response.body.getReader();
  const stop = (): void => {
    void reader.cancel().catch(() => undefined);
  };
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      // Backpressure: wait for the socket before reading on.
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off('close', stop);
  }
}

/**
 * Adapts a Fetch-API handler to `http.createServer` (and to Express, as
 * middleware): builds a Request whose signal aborts when the client goes away,
 * and streams the Response with backpressure.
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return (req: FrameworkRequest, res, next) => {
    let url: URL;
    try {
      url = requestUrl(req);
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    const basePath = handler.basePath?.replace(/\/+$/, '');
    if (next && basePath !== undefined && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      next();
      return;
    }
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const body = requestBody(req);
    const request = new Request(url, {
      method: req.method ?? 'GET',
      headers: requestHeaders(req),
      signal: controller.signal,
      ...(body !== undefined ? { body, duplex: 'half' } : {}),
    } as RequestInit);
    handler(request)
      .then((response) => writeResponse(response, req, res))
      .catch((error: unknown) => {
        if (next) return next(error);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(JSON.stringify({ error: { code: 'internal', class: 'internal', message: 'The server failed to handle the request.' } }));
        } else {
          res.destroy();
        }
      });
  };
}

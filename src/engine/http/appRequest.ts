import type { Clock } from '../clock.ts';
import type { ConnectorDefinition, Credentials } from '../connectors/connector.types.ts';
import { TributaryError } from '../errors.ts';
import { getPath } from '../util/path.ts';
import { retryAfterMs } from './retry.ts';

export interface AppRequest {
  connector: ConnectorDefinition;
  credentials: Credentials;
  /** A path under the connector's base URL. */
  path: string;
  /** Or a whole URL the app gave (a next-page link); it must be on the base URL's origin. */
  url?: string;
  /** @default 'GET' */
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface AppResponse {
  status: number;
  headers: Headers;
  body: unknown;
  bytes: number;
}

export interface HttpContext {
  fetch: typeof fetch;
  clock: Clock;
  /** Milliseconds before a request to an app is abandoned as transient. */
  timeoutMs: number;
}

function applyAuth(url: URL, headers: Record<string, string>, connector: ConnectorDefinition, credentials: Credentials): void {
  const { auth } = connector;
  if (auth.type !== credentials.type) {
    throw new TributaryError({
      code: 'auth.scheme-mismatch',
      class: 'config',
      message: `${connector.name} uses ${auth.type} authentication, but ${credentials.type} credentials were given.`,
    });
  }
  switch (credentials.type) {
    case 'api-key': {
      if (auth.type !== 'api-key') return;
      const value = `${auth.prefix ?? ''}${credentials.apiKey}`;
      if (auth.in === 'header') headers[auth.name] = value;
      else url.searchParams.set(auth.name, value);
      return;
    }
    case 'basic': {
      headers.Authorization = `Basic ${basicToken(credentials.username, credentials.password)}`;
      return;
    }
    case 'oauth2':
      headers.Authorization = `Bearer ${credentials.accessToken}`;
      return;
    default:
      credentials satisfies never;
  }
}

/** Every form in which the credentials could come back in an app's answer: the values, and basic auth's encoding. */
function secretForms(credentials: Credentials): string[] {
  const forms: string[] = [];
  switch (credentials.type) {
    case 'api-key':
      forms.push(credentials.apiKey);
      break;
    case 'basic':
      forms.push(credentials.password, basicToken(credentials.username, credentials.password));
      break;
    case 'oauth2':
      forms.push(credentials.accessToken, ...(credentials.refreshToken ? [credentials.refreshToken] : []));
      break;
    default:
      credentials satisfies never;
  }
  // Very short values would blank ordinary words; no real secret is that short.
  return forms.filter((form) => form.length >= 6);
}

/** Text from an app (or the network stack) with any credential it echoes blanked, so it can go into errors and logs. */
function blankSecrets(text: string, credentials: Credentials): string {
  return secretForms(credentials).reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

function basicToken(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return btoa(String.fromCharCode(...bytes));
}

function appMessage(connector: ConnectorDefinition, body: unknown, credentials: Credentials): string | undefined {
  if (!connector.errorMessagePath) return undefined;
  const message = getPath(body, connector.errorMessagePath);
  return typeof message === 'string' && message.trim() !== '' ? blankSecrets(message.trim(), credentials) : undefined;
}

function httpError(connector: ConnectorDefinition, credentials: Credentials, path: string, status: number, body: unknown, waitMs: number | undefined): TributaryError {
  const said = appMessage(connector, body, credentials);
  const suffix = said ? `: ${/[.!?]$/.test(said) ? said : `${said}.`}` : '.';
  if (status === 401 || status === 403) {
    return new TributaryError({
      code: 'auth.invalid-credentials',
      class: 'auth',
      status,
      message: `${connector.name} rejected the credentials (HTTP ${status})${suffix} Check them and reconnect.`,
    });
  }
  const wait = waitMs !== undefined ? { retryAfterMs: waitMs } : {};
  if (status === 429) {
    return new TributaryError({ code: 'source.rate-limited', class: 'rate-limited', status, ...wait, message: `${connector.name} is rate limiting requests (HTTP 429)${suffix}` });
  }
  if (status === 408 || status >= 500) {
    return new TributaryError({ code: 'source.unavailable', class: 'transient', status, ...wait, message: `${connector.name} failed to answer ${path} (HTTP ${status})${suffix}` });
  }
  return new TributaryError({ code: 'source.request-rejected', class: 'config', status, message: `${connector.name} rejected the request for ${path} (HTTP ${status})${suffix}` });
}

const decoder = new TextDecoder();

/**
 * The body as text and its size in bytes as read (after any content
 * decoding). Read from the stream directly: `text()` goes through the same
 * reads plus a body-consuming layer that cost more per page than the reads.
 * A body of several chunks is joined and decoded once; decoding chunk by chunk
 * held fewer bytes outside the JS heap but gave no lower a peak RSS (README,
 * design notes).
 */
async function readText(response: Response): Promise<{ text: string; bytes: number }> {
  if (response.body === null) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    bytes += chunk.value.byteLength;
  }
  // Most bodies from a local or small source come in one chunk, decoded as it is.
  if (chunks.length <= 1) return { text: chunks[0] ? decoder.decode(chunks[0]) : '', bytes };
  const whole = new Uint8Array(bytes);
  let at = 0;
  for (const part of chunks) {
    whole.set(part, at);
    at += part.byteLength;
  }
  return { text: decoder.decode(whole), bytes };
}

async function readJson(response: Response): Promise<{ body: unknown; bytes: number }> {
  const { text, bytes } = await readText(response);
  if (text.trim() === '') return { body: undefined, bytes };
  try {
    return { body: JSON.parse(text) as unknown, bytes };
  } catch {
    return { body: text, bytes: -1 };
  }
}

/** The request's URL: a path under the base URL, or a next-page URL on the same origin. */
function targetUrl(connector: ConnectorDefinition, request: AppRequest): URL {
  if (request.url === undefined) return new URL(connector.baseUrl.replace(/\/+$/, '') + request.path);
  const base = new URL(connector.baseUrl);
  let url: URL;
  try {
    url = new URL(request.url, base);
  } catch {
    throw new TributaryError({ code: 'source.bad-next-url', class: 'source-data', message: `${connector.name} gave a next-page URL that is not a URL.` });
  }
  if (url.origin !== base.origin) {
    throw new TributaryError({
      code: 'source.foreign-next-url',
      class: 'source-data',
      message: `${connector.name} pointed the next page at ${url.origin}, outside ${base.origin}; not sending credentials there.`,
    });
  }
  return url;
}

/**
 * The AbortController a request to an app is sent with, reused across a
 * caller's one-after-another requests (a paged import makes one at a time).
 * Making one is the dearest thing the engine does per request on Node 20,
 * where every AbortSignal is made transferable between threads when it is
 * made (several µs, and more garbage). Each controller follows the caller's
 * signal with one listener for its whole life rather than one per request.
 * It is never lent to two requests at once, one that aborted (a timeout) is
 * dropped, and it serves at most REUSES requests: a fetch adds an abort
 * listener of its own per request, freed only once that request is garbage,
 * and a few at a time stay clear of Node's listener-leak warning (ten).
 */
interface Lease {
  controller: AbortController;
  uses: number;
  busy: boolean;
  unfollow: () => void;
}

const REUSES = 8;
const leases = new WeakMap<AbortSignal, Lease>();

function freshLease(parent: AbortSignal | undefined): Lease {
  const controller = new AbortController();
  if (!parent) return { controller, uses: 1, busy: true, unfollow: () => undefined };
  if (parent.aborted) controller.abort(parent.reason);
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, uses: 1, busy: true, unfollow: () => parent.removeEventListener('abort', onAbort) };
}

function takeLease(parent: AbortSignal | undefined): Lease {
  const current = parent && leases.get(parent);
  if (current && !current.busy) {
    current.busy = true;
    current.uses += 1;
    return current;
  }
  const lease = freshLease(parent);
  // Kept for the next request, unless the kept one is busy: this request runs alongside another.
  if (parent && !current) leases.set(parent, lease);
  return lease;
}

function releaseLease(parent: AbortSignal | undefined, lease: Lease): void {
  lease.busy = false;
  const kept = parent !== undefined && leases.get(parent) === lease;
  if (kept && lease.uses < REUSES && !lease.controller.signal.aborted) return;
  lease.unfollow();
  if (kept) leases.delete(parent);
}

/**
 * Sends one authenticated request to an app and returns its parsed JSON body.
 * Every failure becomes a classed TributaryError; messages name the path, never
 * the query string, so a key sent as a query parameter cannot leak.
 */
export async function requestApp(context: HttpContext, request: AppRequest): Promise<AppResponse> {
  const { connector } = request;
  const url = targetUrl(connector, request);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  // A plain object: fetch takes one as it is, and it costs less than a Headers per page.
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  applyAuth(url, headers, connector, request.credentials);

  const lease = takeLease(request.signal);
  const { controller } = lease;
  const timer = context.clock.setTimeout(() => controller.abort(new Error('timeout')), context.timeoutMs);
  try {
    let response: Response;
    try {
      response = await context.fetch(url, {
        method: request.method ?? 'GET',
        headers,
        signal: controller.signal,
        // A redirect could carry the credentials to another host; apps' APIs answer directly.
        redirect: 'manual',
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      const timedOut = controller.signal.aborted;
      throw new TributaryError(
        {
          code: timedOut ? 'source.timeout' : 'source.network',
          class: 'transient',
          message: timedOut
            ? `${connector.name} did not answer ${request.path} within ${context.timeoutMs} ms.`
            : `Could not reach ${connector.name} (${request.path}): ${blankSecrets(error instanceof Error ? error.message : String(error), request.credentials)}`,
        },
        { cause: error },
      );
    }
    const { body, bytes } = await readJson(response);
    if (!response.ok) {
      throw httpError(connector, request.credentials, request.path, response.status, body, retryAfterMs(response.headers, context.clock.now()));
    }
    if (bytes < 0) {
      throw new TributaryError({
        code: 'source.bad-json',
        class: 'source-data',
        status: response.status,
        message: `${connector.name} answered ${request.path} with a body that is not valid JSON.`,
      });
    }
    return { status: response.status, headers: response.headers, body, bytes };
  } finally {
    context.clock.clearTimeout(timer);
    releaseLease(request.signal, lease);
  }
}

// errors.ts is the one engine module the client loads at run time: a dependency-free leaf.
import { TributaryError, type ErrorClass, type TributaryErrorData } from '../engine/errors.ts';
import type { CommandName, EngineEvent, EngineListener } from '../engine/index.ts';
import type { Transport } from './client.types.ts';
import { SseParser, type SseMessage } from './sseParser.ts';

type HeaderSource = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface HttpTransportOptions {
  /** Where the server's handler answers, e.g. `https://app.example.com/tributary`, or `/tributary` in a page. */
  url: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }`; a function is asked each time, so a token can be refreshed. */
  headers?: HeaderSource;
  /** How the event stream waits between reconnection attempts (exponential, with jitter). */
  reconnect?: {
    /** @default 500 */
    initialDelayMs?: number;
    /** @default 30000 */
    maxDelayMs?: number;
  };
  /** A stream silent this long (not even a heartbeat) is taken as dead and reopened. @default 45000 */
  idleTimeoutMs?: number;
}

const CLASSES: ReadonlySet<string> = new Set<ErrorClass>(['config', 'auth', 'rate-limited', 'transient', 'source-data', 'destination', 'internal']);

/** The wire error back as the TributaryError the server threw; anything else says what came instead. */
function errorFrom(status: number, text: string): TributaryError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const data = (body as { error?: Partial<TributaryErrorData> } | undefined)?.error;
  if (data && typeof data.code === 'string' && typeof data.message === 'string' && typeof data.class === 'string' && CLASSES.has(data.class)) {
    return TributaryError.fromData({
      code: data.code,
      class: data.class,
      message: data.message,
      ...(Array.isArray(data.issues) ? { issues: data.issues } : {}),
      ...(typeof data.status === 'number' ? { status: data.status } : {}),
      ...(typeof data.retryAfterMs === 'number' ? { retryAfterMs: data.retryAfterMs } : {}),
    });
  }
  // Not our server's answer: a proxy or gateway in between.
  if (status >= 500) {
    return new TributaryError({ code: 'client.server-unavailable', class: 'transient', message: `The Tributary server answered HTTP ${status}.` });
  }
  return new TributaryError({ code: 'client.bad-response', class: 'internal', message: `The Tributary server answered HTTP ${status} with a body it does not understand.` });
}

function networkError(url: string, thrown: unknown): TributaryError {
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  return new TributaryError({ code: 'client.network', class: 'transient', message: `Could not reach the Tributary server at ${url}: ${reason}` }, { cause: thrown });
}

/** An id of our server's form, `<epoch>-<seq>`, split so a gap can be seen. */
function parseId(id: string): { epoch: string; seq: number } | undefined {
  const match = /^(.+)-(\d+)$/.exec(id);
  return match ? { epoch: match[1] as string, seq: Number(match[2]) } : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

interface Subscriber {
  listener: EngineListener;
  onResync: (() => void) | undefined;
}

/**
 * Reaches an engine behind `tributary/server`: commands as JSON POSTs, events
 * as server-sent events read with fetch streaming (so headers can carry a
 * token, and it runs in Node too), reconnecting with `Last-Event-ID`.
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const base = options.url.replace(/\/+$/, '');
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const initialDelayMs = options.reconnect?.initialDelayMs ?? 500;
  const maxDelayMs = options.reconnect?.maxDelayMs ?? 30_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const subscribers = new Set<Subscriber>();
  let stream: { controller: AbortController; firstOpen: Promise<void> } | undefined;

  async function headersFor(): Promise<Record<string, string>> {
    const source = options.headers;
    return typeof source === 'function' ? { ...(await source()) } : { ...source };
  }

  function resync(): void {
    for (const { onResync } of [...subscribers]) onResync?.();
  }

  function dispatch(event: EngineEvent): void {
    for (const { listener } of [...subscribers]) {
      try {
        listener(event);
      } catch {
        // One listener's failure must not end the stream for the others.
      }
    }
  }

  /** Reads the event stream until `signal` aborts, reopening it after every failure. */
  async function listen(signal: AbortSignal, markOpen: () => void): Promise<void> {
    let lastEventId = '';
    let failures = 0;
    let attempts = 0;

    const onMessage = (message: SseMessage): void => {
      const hadId = lastEventId;
      if (message.event === 'ready' || message.event === 'reset') {
        lastEventId = message.lastEventId;
        failures = 0;
        // A reset, or a reconnect that had no id to resume from, may have missed events.
        if (message.event === 'reset' || (hadId === '' && attempts > 1)) resync();
        return;
      }
      if (message.event !== 'message') return;
      let event: EngineEvent;
      try {
        event = JSON.parse(message.data) as EngineEvent;
      } catch {
        lastEventId = message.lastEventId;
        resync();
        return;
      }
      const before = parseId(hadId);
      const now = parseId(message.lastEventId);
      lastEventId = message.lastEventId;
      dispatch(event);
      // Ids count up by one per event; anything else means events went missing.
      if (before && now && (before.epoch !== now.epoch || now.seq !== before.seq + 1)) resync();
    };

    while (!signal.aborted) {
      attempts += 1;
      const attempt = new AbortController();
      const abortAttempt = (): void => attempt.abort();
      signal.addEventListener('abort', abortAttempt, { once: true });
      let idle: ReturnType<typeof setTimeout> | undefined;
      const touch = (): void => {
        clearTimeout(idle);
        idle = setTimeout(abortAttempt, idleTimeoutMs);
      };
      try {
        const headers: Record<string, string> = { ...(await headersFor()), accept: 'text/event-stream' };
        if (lastEventId !== '') headers['last-event-id'] = lastEventId;
        touch();
        const response = await fetchImpl(`${base}/events`, { headers, signal: attempt.signal });
        if (!response.ok || !response.body) {
          await response.body?.cancel().catch(() => undefined);
        } else {
          markOpen();
          const parser = new SseParser();
          const decoder = new TextDecoder();
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            touch();
            for (const message of parser.push(decoder.decode(value, { stream: true }))) onMessage(message);
          }
        }
      } catch {
        // A network failure, a dead stream or close(): try again below unless closed.
      } finally {
        clearTimeout(idle);
        signal.removeEventListener('abort', abortAttempt);
      }
      // Commands never wait on a stream that could not open.
      markOpen();
      if (signal.aborted) return;
      failures += 1;
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (failures - 1));
      await sleep(delay / 2 + (Math.random() * delay) / 2, signal);
    }
  }

  function startStream(): void {
    if (stream) return;
    const controller = new AbortController();
    let markOpen: () => void = () => undefined;
    const firstOpen = new Promise<void>((resolve) => {
      markOpen = resolve;
    });
    stream = { controller, firstOpen };
    void listen(controller.signal, markOpen);
  }

  function stopStream(): void {
    stream?.controller.abort();
    stream = undefined;
  }

  return {
    async call(name: CommandName, input: unknown) {
      // A command sent right after subscribing waits until the stream is open,
      // so the server sees the listener before it answers: no change falls between.
      if (stream) await stream.firstOpen;
      const url = `${base}/commands/${encodeURIComponent(name)}`;
      const headers = { ...(await headersFor()), 'content-type': 'application/json', accept: 'application/json' };
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
        text = response.status === 204 ? '' : await response.text();
      } catch (thrown) {
        throw networkError(base, thrown);
      }
      if (!response.ok) throw errorFrom(response.status, text);
      if (response.status === 204) return undefined as never;
      try {
        return JSON.parse(text) as never;
      } catch {
        throw new TributaryError({ code: 'client.bad-response', class: 'internal', message: `The Tributary server answered ${name} with a body that is not JSON.` });
      }
    },
    subscribe(listener, onResync) {
      const subscriber: Subscriber = { listener, onResync };
      subscribers.add(subscriber);
      startStream();
      return () => {
        subscribers.delete(subscriber);
        if (subscribers.size === 0) stopStream();
      };
    },
    close() {
      subscribers.clear();
      stopStream();
    },
  };
}

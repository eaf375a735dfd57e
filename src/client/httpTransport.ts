// errors.ts is the one engine module the client loads at run time: a dependency-free leaf.
import { TributaryError, type ErrorClass, type TributaryErrorData } from '../engine/errors.ts';
import type { CommandName, EngineEvent, EngineListener } from '../engine/index.ts';
import type { Transport } from './client.types.ts';
import { createSseParser, type SseMessage } from './sseParser.ts';

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

const CLASSES: ReadonlySet<unknown> = new Set<ErrorClass>(['config', 'auth', 'rate-limited', 'transient', 'source-data', 'destination', 'internal']);

const badResponse = (what: string): TributaryError =>
  new TributaryError({ code: 'client.bad-response', class: 'internal', message: `The Tributary server answered ${what}.` });

const numberOrUndefined = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The wire error back as the TributaryError the server threw; anything else says what came instead. */
function errorFrom(status: number, text: string): TributaryError {
  let data: Partial<TributaryErrorData> | undefined;
  try {
    data = (JSON.parse(text) as { error?: Partial<TributaryErrorData> } | null)?.error;
  } catch {
    // Not JSON: handled below.
  }
  if (typeof data?.code === 'string' && typeof data.message === 'string' && CLASSES.has(data.class)) {
    return new TributaryError({
      code: data.code,
      class: data.class!,
      message: data.message,
      issues: Array.isArray(data.issues) ? data.issues : undefined,
      status: numberOrUndefined(data.status),
      retryAfterMs: numberOrUndefined(data.retryAfterMs),
    });
  }
  // Not our server's answer: a proxy or gateway in between.
  if (status >= 500) {
    return new TributaryError({ code: 'client.server-unavailable', class: 'transient', message: `The Tributary server answered HTTP ${status}.` });
  }
  return badResponse(`HTTP ${status} with a body it does not understand`);
}

/** An id of our server's form, `<epoch>-<seq>`, split so a gap can be seen. */
const parseId = (id: string) => /^(.+)-(\d+)$/.exec(id);

/** Waits `ms`, or less if `signal` aborts (it has not yet when this is called). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A listener and what to call when it may have missed events. */
type Subscriber = [listener: EngineListener, onResync: (() => void) | undefined];

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

  const headersFor = async () => (typeof options.headers === 'function' ? options.headers() : options.headers);

  function resync(): void {
    for (const [, onResync] of [...subscribers]) onResync?.();
  }

  /** Reads the event stream until `signal` aborts, reopening it after every failure. */
  async function listen(signal: AbortSignal, markOpen: () => void): Promise<void> {
    let lastEventId = '';
    let failures = 0;
    let attempts = 0;

    const onMessage = ({ event, data, lastEventId: id }: SseMessage): void => {
      const hadId = lastEventId;
      if (event === 'message') {
        let parsed: EngineEvent;
        try {
          parsed = JSON.parse(data) as EngineEvent;
        } catch {
          lastEventId = id;
          resync();
          return;
        }
        const before = parseId(hadId);
        const now = parseId(id);
        lastEventId = id;
        for (const [listener] of [...subscribers]) {
          try {
            listener(parsed);
          } catch {
            // One listener's failure must not end the stream for the others.
          }
        }
        // Ids count up by one per event; anything else means events went missing.
        if (before && now && (before[1] !== now[1] || Number(now[2]) !== Number(before[2]) + 1)) resync();
      } else if (event === 'ready' || event === 'reset') {
        lastEventId = id;
        failures = 0;
        // A reset, or a reconnect that had no id to resume from, may have missed events.
        if (event === 'reset' || (hadId === '' && attempts > 1)) resync();
      }
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
        const { ok, body } = await fetchImpl(`${base}/events`, { headers, signal: attempt.signal });
        if (ok && body) {
          markOpen();
          const parse = createSseParser();
          const decoder = new TextDecoder();
          const reader = body.getReader();
          for (let chunk; !(chunk = await reader.read()).done; ) {
            touch();
            for (const message of parse(decoder.decode(chunk.value, { stream: true }))) onMessage(message);
          }
        } else {
          await body?.cancel().catch(() => undefined);
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

  function stopStream(): void {
    stream?.controller.abort();
    stream = undefined;
  }

  return {
    async call(name: CommandName, input: unknown) {
      // A command sent right after subscribing waits until the stream is open,
      // so the server sees the listener before it answers: no change falls between.
      await stream?.firstOpen;
      const headers = { ...(await headersFor()), 'content-type': 'application/json', accept: 'application/json' };
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(`${base}/commands/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
        text = response.status === 204 ? '' : await response.text();
      } catch (thrown) {
        const reason = thrown instanceof Error ? thrown.message : String(thrown);
        throw new TributaryError({ code: 'client.network', class: 'transient', message: `Could not reach the Tributary server at ${base}: ${reason}` }, { cause: thrown });
      }
      if (!response.ok) throw errorFrom(response.status, text);
      if (response.status === 204) return undefined as never;
      try {
        return JSON.parse(text) as never;
      } catch {
        throw badResponse(`${name} with a body that is not JSON`);
      }
    },
    subscribe(listener, onResync) {
      const subscriber: Subscriber = [listener, onResync];
      subscribers.add(subscriber);
      if (!stream) {
        const controller = new AbortController();
        let markOpen!: () => void;
        stream = { controller, firstOpen: new Promise<void>((resolve) => (markOpen = resolve)) };
        void listen(controller.signal, markOpen);
      }
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

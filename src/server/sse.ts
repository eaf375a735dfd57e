import type { Engine, EngineEvent } from '../engine/index.ts';

/** One event of a tenant's feed, with the id a reconnecting client sends back as `Last-Event-ID`. */
export interface FeedEntry {
  id: string;
  seq: number;
  event: EngineEvent;
}

/** Where a reconnecting client goes on from. */
export type ReplayResult =
  /** Every event after the client's id, in order (possibly none). */
  | { kind: 'replay'; entries: FeedEntry[] }
  /** The id is from another server instance, malformed, or older than the buffer holds: reload. */
  | { kind: 'reset' };

/**
 * A tenant's engine events, numbered and kept in a bounded buffer so a client
 * that lost its stream can pick up where it left off. Ids are `<epoch>-<seq>`:
 * the epoch changes with every server process, so an id from before a restart
 * is recognised as unknown rather than matched against a new count.
 */
export class EventFeed {
  readonly #epoch = crypto.randomUUID().slice(0, 8);
  readonly #capacity: number;
  readonly #buffer: FeedEntry[] = [];
  readonly #listeners = new Set<(entry: FeedEntry) => void>();
  #seq = 0;
  readonly #unsubscribe: () => void;
  readonly #idle: { ms: number; then: () => void } | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  /** With `idle`, `idle.then` is called once the feed has had no reader for `idle.ms`. */
  constructor(engine: Engine, capacity: number, idle?: { ms: number; then: () => void }) {
    this.#capacity = Math.max(1, capacity);
    this.#unsubscribe = engine.subscribe((event) => this.#push(event));
    this.#idle = idle;
    this.#armIdle();
  }

  #armIdle(): void {
    if (!this.#idle || this.#listeners.size > 0) return;
    const { ms, then } = this.#idle;
    this.#idleTimer = setTimeout(then, ms);
    // An idle feed never keeps the process alive.
    (this.#idleTimer as { unref?: () => void }).unref?.();
  }

  /** The id of the newest event (or of "no event yet"), where a new stream starts. */
  get cursor(): string {
    return `${this.#epoch}-${this.#seq}`;
  }

  #push(event: EngineEvent): void {
    this.#seq += 1;
    const entry: FeedEntry = { id: `${this.#epoch}-${this.#seq}`, seq: this.#seq, event };
    this.#buffer.push(entry);
    if (this.#buffer.length > this.#capacity) this.#buffer.shift();
    for (const listener of [...this.#listeners]) listener(entry);
  }

  /** The events after `lastEventId`, or `reset` when they cannot all be given. */
  replaySince(lastEventId: string): ReplayResult {
    const match = /^([0-9a-f]{8})-(\d{1,15})$/.exec(lastEventId);
    if (!match || match[1] !== this.#epoch) return { kind: 'reset' };
    const seq = Number(match[2]);
    if (seq > this.#seq) return { kind: 'reset' };
    if (seq === this.#seq) return { kind: 'replay', entries: [] };
    const oldest = this.#buffer[0]?.seq ?? this.#seq + 1;
    // The event right after the client's id has already left the buffer.
    if (seq + 1 < oldest) return { kind: 'reset' };
    return { kind: 'replay', entries: this.#buffer.filter((entry) => entry.seq > seq) };
  }

  subscribe(listener: (entry: FeedEntry) => void): () => void {
    clearTimeout(this.#idleTimer);
    this.#listeners.add(listener);
    return () => {
      if (this.#listeners.delete(listener)) this.#armIdle();
    };
  }

  close(): void {
    clearTimeout(this.#idleTimer);
    this.#unsubscribe();
    this.#listeners.clear();
  }
}

/** One server-sent event; `data` is a single JSON line, so it never needs splitting. */
export function sseMessage(fields: { id?: string; event?: string; data: unknown }): string {
  let text = '';
  if (fields.event !== undefined) text += `event: ${fields.event}\n`;
  if (fields.id !== undefined) text += `id: ${fields.id}\n`;
  return `${text}data: ${JSON.stringify(fields.data)}\n\n`;
}

export interface EventStreamOptions {
  feed: EventFeed;
  /** The request's `Last-Event-ID`, if the client is reconnecting. */
  lastEventId: string | null;
  /** Ends the stream: the client went away. */
  signal: AbortSignal;
  heartbeatMs: number;
  /** A client this many messages behind is cut off; it reconnects and replays from the buffer. */
  maxQueued: number;
}

/**
 * The body of `GET /events`: `ready` (or `reset`), any replayed events, then
 * live ones, with a comment line as a heartbeat so proxies keep the stream open.
 */
export function eventStream({ feed, lastEventId, signal, heartbeatMs, maxQueued }: EventStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = (): void => undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        const close = (): void => {
          if (!open) return;
          open = false;
          cleanup();
          try {
            controller.close();
          } catch {
            // Already cancelled by the reader.
          }
        };
        const send = (text: string): void => {
          if (!open) return;
          // A reader that stopped reading is cut off instead of buffering without end.
          if ((controller.desiredSize ?? 0) < -maxQueued) return close();
          controller.enqueue(encoder.encode(text));
        };
        // start() runs in one go and engine events arrive synchronously, so
        // nothing can fall between the replay below and the live subscription.
        const unsubscribe = feed.subscribe((entry) => send(sseMessage({ id: entry.id, data: entry.event })));
        const timer = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
        const onAbort = (): void => close();
        cleanup = () => {
          unsubscribe();
          clearInterval(timer);
          signal.removeEventListener('abort', onAbort);
        };
        if (signal.aborted) return close();
        signal.addEventListener('abort', onAbort, { once: true });

        const replay = lastEventId === null ? undefined : feed.replaySince(lastEventId);
        if (replay?.kind === 'reset') {
          send(sseMessage({ event: 'reset', id: feed.cursor, data: {} }));
          return;
        }
        for (const entry of replay?.entries ?? []) send(sseMessage({ id: entry.id, data: entry.event }));
        send(sseMessage({ event: 'ready', id: feed.cursor, data: {} }));
      },
      cancel() {
        cleanup();
      },
    },
    new CountQueuingStrategy({ highWaterMark: 16 }),
  );
}

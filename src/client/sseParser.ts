/** One server-sent event, as the stream format defines it. */
export interface SseMessage {
  /** `message` unless the server named it. */
  event: string;
  data: string;
  /** The last `id:` seen so far in the stream (ids carry over to later events). */
  lastEventId: string;
}

/**
 * Parses the `text/event-stream` format from text chunks, by the rules of the
 * HTML spec's event stream interpretation (lines end in CR, LF or CRLF; a blank
 * line dispatches; `:` starts a comment). Written here so the client needs no
 * EventSource, which cannot send headers and is missing in Node.
 */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #lastEventId = '';

  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseMessage[] {
    this.#buffer += text;
    const messages: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      if (!match) break;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (match[0] === '\r' && match.index === this.#buffer.length - 1) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      const message = this.#line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  #line(line: string): SseMessage | undefined {
    if (line === '') {
      const data = this.#data;
      const event = this.#event;
      this.#data = [];
      this.#event = '';
      if (data.length === 0) return undefined;
      return { event: event || 'message', data: data.join('\n'), lastEventId: this.#lastEventId };
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      default:
        // `retry` and unknown fields: reconnection timing is the transport's own.
        break;
    }
    return undefined;
  }
}

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
 *
 * Returns the function to feed decoded text to; it returns the events that text completed.
 */
export function createSseParser(): (text: string) => SseMessage[] {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let lastEventId = '';
  return (text) => {
    buffer += text;
    // A CR at the very end may be the first half of a CRLF split across chunks: it waits for the next one.
    const held = buffer.endsWith('\r') ? '\r' : '';
    const lines = buffer.slice(0, buffer.length - held.length).split(/\r\n|\r|\n/);
    buffer = lines.pop() + held;
    const messages: SseMessage[] = [];
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) messages.push({ event: event || 'message', data: data.join('\n'), lastEventId });
        data = [];
        event = '';
        continue;
      }
      // A comment (`:` first) names the field '', which is ignored like `retry` and unknown fields:
      // reconnection timing is the transport's own.
      const [, field, value] = /^([^:]*):? ?(.*)/.exec(line)!;
      if (field === 'event') event = value!;
      else if (field === 'data') data.push(value!);
      else if (field === 'id' && !value!.includes('\0')) lastEventId = value!;
    }
    return messages;
  };
}

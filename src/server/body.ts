import { RequestError } from './httpErrors.ts';

function tooLarge(limit: number): RequestError {
  return new RequestError(413, { code: 'request.too-large', class: 'config', message: `The request body is larger than ${limit} bytes.` });
}

/**
 * Reads a request's body as UTF-8 text, stopping as soon as it passes `limit`
 * bytes, so an oversized body is refused without being held in memory.
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RequestError(400, { code: 'request.bad-encoding', class: 'config', message: 'The request body is not valid UTF-8.' });
  }
}

/** A command's input: a JSON object; an empty body is an empty input. */
export function parseCommandInput(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RequestError(400, { code: 'request.bad-json', class: 'config', message: 'The request body is not valid JSON.' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RequestError(400, { code: 'request.bad-input', class: 'config', message: "A command's input is a JSON object." });
  }
  return value as Record<string, unknown>;
}

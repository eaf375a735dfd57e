import type { CollectionDefinition, WebhookEventSource, WebhookIntake } from '../connectors/connector.types.ts';
import { constantTimeEqual } from '../delivery/webhookSignature.ts';
import { TributaryError } from '../errors.ts';
import { getPath } from '../util/path.ts';
import type { FlowEventType } from './flow.types.ts';
import { timeOf } from './versions.ts';

const encoder = new TextEncoder();

/** How long by default a delivery's timestamp may be from now, either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** One event read from a delivery, for one collection. */
export interface ParsedEvent {
  collection: string;
  type: FlowEventType;
  recordId: string;
  version?: string | number;
  sourceEventId?: string;
  /** When the app says it happened, epoch ms. */
  occurredAt?: number;
}

function badSignature(message: string): TributaryError {
  return new TributaryError({ code: 'webhook.bad-signature', class: 'auth', message });
}

function malformed(message: string): TributaryError {
  return new TributaryError({ code: 'webhook.malformed', class: 'source-data', message });
}

export function replayed(message: string): TributaryError {
  return new TributaryError({ code: 'webhook.replayed', class: 'auth', message });
}

/** A header's value, its name matched case-insensitively. */
function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function decodeHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function decodeBase64(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

async function hmacSha256(secret: string, content: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(content)));
}

/**
 * Checks that a delivery comes from the app: its HMAC-SHA256 signature or its
 * shared token, compared in constant time; a signed timestamp must also be
 * within the tolerance. Messages never quote the secret or the signature.
 */
export async function verifyDelivery(intake: WebhookIntake, secret: string, headers: Record<string, string>, body: string, now: number): Promise<void> {
  const { verify } = intake;
  const given = header(headers, verify.header)?.trim();
  if (given === undefined || given === '') throw badSignature(`The delivery has no ${verify.header} header.`);
  const prefix = verify.prefix ?? '';
  // A wrong prefix is a wrong signature: compared like the rest, not reported apart.
  const value = given.startsWith(prefix) ? given.slice(prefix.length) : given;
  if (verify.type === 'token') {
    if (!constantTimeEqual(encoder.encode(secret), encoder.encode(value))) throw badSignature(`The ${verify.header} token does not match.`);
    return;
  }
  let content = body;
  let timestamp: number | undefined;
  if (verify.timestamp) {
    const text = header(headers, verify.timestamp.header)?.trim();
    timestamp = text === undefined ? undefined : timeOf(text, verify.timestamp.format);
    if (text === undefined || timestamp === undefined) throw badSignature(`The delivery has no readable ${verify.timestamp.header} header.`);
    content = `${text}${verify.timestamp.separator ?? '.'}${body}`;
  }
  const expected = await hmacSha256(secret, content);
  const actual = (verify.encoding === 'hex' ? decodeHex(value) : decodeBase64(value)) ?? new Uint8Array();
  if (!constantTimeEqual(expected, actual)) throw badSignature(`The ${verify.header} signature does not match the body.`);
  if (timestamp !== undefined) {
    const tolerance = (intake.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
    // Both ways: an old timestamp is a replay, a future one would stay "fresh" for too long.
    if (Math.abs(now - timestamp) > tolerance) {
      throw replayed(`The delivery was signed ${Math.round(Math.abs(now - timestamp) / 1000)} s ${timestamp < now ? 'ago' : 'ahead'}, outside the ${tolerance / 1000} s tolerance.`);
    }
  }
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function eventsIn(body: unknown, source: WebhookEventSource, collection: string): unknown[] {
  if (source.eventsPath === undefined) return [body];
  const events = source.eventsPath === '' ? body : getPath(body, source.eventsPath);
  if (!Array.isArray(events)) throw malformed(`The delivery has no events array at "${source.eventsPath || '(body)'}" (collection ${collection}).`);
  return events;
}

/**
 * Reads a delivery's events for every collection with webhook events. An
 * event of a type no collection declares is not an error (apps send many); an
 * event of a declared type without a record id is.
 */
export function parseDelivery(body: string, collections: readonly [string, CollectionDefinition][]): ParsedEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw malformed('The delivery body is not JSON.');
  }
  if (parsed === null || typeof parsed !== 'object') throw malformed('The delivery body is not a JSON object or array.');
  const events: ParsedEvent[] = [];
  for (const [key, collection] of collections) {
    const source = collection.events;
    if (source?.type !== 'webhook') continue;
    const list = eventsIn(parsed, source, key);
    for (let index = 0; index < list.length; index += 1) {
      const event = list[index];
      const name = getPath(event, source.typePath);
      if (typeof name !== 'string' || !Object.hasOwn(source.types, name)) continue;
      const type = source.types[name] as FlowEventType;
      const recordId = idText(getPath(event, source.recordIdPath));
      if (recordId === undefined) throw malformed(`Event ${index + 1} (${name}) has no record id at "${source.recordIdPath}".`);
      const version = source.versionPath === undefined ? undefined : getPath(event, source.versionPath);
      const sourceEventId = source.eventIdPath === undefined ? undefined : idText(getPath(event, source.eventIdPath));
      if (source.eventIdPath !== undefined && sourceEventId === undefined) throw malformed(`Event ${index + 1} (${name}) has no event id at "${source.eventIdPath}".`);
      let occurredAt: number | undefined;
      if (source.timestampPath !== undefined) {
        occurredAt = timeOf(getPath(event, source.timestampPath));
        if (occurredAt === undefined) throw malformed(`Event ${index + 1} (${name}) has no time at "${source.timestampPath}".`);
      }
      events.push({
        collection: key,
        type,
        recordId,
        ...(typeof version === 'string' || typeof version === 'number' ? { version } : {}),
        ...(sourceEventId !== undefined ? { sourceEventId } : {}),
        ...(occurredAt !== undefined ? { occurredAt } : {}),
      });
    }
  }
  return events;
}

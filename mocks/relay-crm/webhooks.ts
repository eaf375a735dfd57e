// Relay CRM's webhooks. The payload is modeled on HubSpot's webhooks
// (https://developers.hubspot.com/docs/api/webhooks): a JSON array of events, each
// `{ eventId, subscriptionId, portalId, occurredAt (epoch ms), subscriptionType, attemptNumber, objectId }`
// with `subscriptionType` such as `contact.creation`, `contact.propertyChange`, `contact.deletion`.
// The signature is modeled on Stripe's (https://docs.stripe.com/webhooks#verify-manually): an HMAC-SHA256
// of `{timestamp}.{body}`, here in hex as `X-Relay-Signature: v1=<hex>`, with `X-Relay-Timestamp` in Unix seconds.
import type { RecordChange } from '../shared/liveRecords.ts';

export interface RelayEvent {
  eventId: string;
  subscriptionId: number;
  portalId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: string;
}

/** One signed delivery, as the app would POST it. */
export interface RelayDelivery {
  headers: Record<string, string>;
  body: string;
  events: RelayEvent[];
}

/** Where the app sends its webhooks: an intake URL (POSTed with fetch) or a function (in-process tests). */
export interface RelayWebhookTarget {
  /** The secret the user pasted into Relay CRM's webhook settings. */
  secret: string;
  url?: string;
  send?: (delivery: RelayDelivery) => unknown;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export const RELAY_PORTAL_ID = 4_810_277;
const SUBSCRIPTIONS: Record<string, number> = { user: 101, contact: 102 };
const ACTIONS = { created: 'creation', updated: 'propertyChange', deleted: 'deletion' } as const;

const encoder = new TextEncoder();

async function hmacHex(secret: string, content: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(content)));
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface RelayWebhooks {
  /** Sends every later change to `target`; returns a function that stops it. */
  subscribe(target: RelayWebhookTarget): () => void;
  /** The event a change gives, with a new event id. */
  eventFor(object: 'user' | 'contact', change: RecordChange<unknown>): RelayEvent;
  /** Signs events into a delivery, as sent at `nowMs` (default: the app's clock). */
  sign(secret: string, events: RelayEvent[], nowMs?: number): Promise<RelayDelivery>;
  /** Resolves when every delivery started so far was sent (or failed to be). */
  flush(): Promise<void>;
}

/** The app's side: it emits a change to every subscribed target. */
export interface RelayWebhookSender extends RelayWebhooks {
  emit(object: 'user' | 'contact', change: RecordChange<unknown>): void;
}

export function createRelayWebhooks(now: () => number): RelayWebhookSender {
  const targets = new Set<RelayWebhookTarget>();
  const pending = new Set<Promise<unknown>>();
  let sequence = 0;

  const webhooks: RelayWebhooks = {
    subscribe(target) {
      targets.add(target);
      return () => targets.delete(target);
    },
    eventFor(object, change) {
      sequence += 1;
      return {
        eventId: `evt_${now().toString(36)}_${sequence}`,
        subscriptionId: SUBSCRIPTIONS[object] ?? 0,
        portalId: RELAY_PORTAL_ID,
        occurredAt: change.at,
        subscriptionType: `${object}.${ACTIONS[change.type]}`,
        attemptNumber: 0,
        objectId: change.id,
      };
    },
    async sign(secret, events, nowMs = now()) {
      const body = JSON.stringify(events);
      const timestamp = String(Math.floor(nowMs / 1000));
      return {
        headers: { 'content-type': 'application/json', 'x-relay-timestamp': timestamp, 'x-relay-signature': `v1=${await hmacHex(secret, `${timestamp}.${body}`)}` },
        body,
        events,
      };
    },
    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
  return Object.assign(webhooks, {
    emit(object: 'user' | 'contact', change: RecordChange<unknown>) {
      for (const target of targets) {
        const event = webhooks.eventFor(object, change);
        const sent = webhooks.sign(target.secret, [event]).then(async (delivery) => {
          if (target.send) return target.send(delivery);
          if (target.url) return (target.fetch ?? globalThis.fetch)(target.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
          return undefined;
        });
        const tracked = sent.catch(() => undefined).finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
    },
  });
}

import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type AppGate, type FaultOptions } from '../shared/faults.ts';
import { decodeCursor, encodeCursor, seeded } from '../shared/people.ts';
import { createLiveRecords, type LiveRecords } from '../shared/liveRecords.ts';
import { RELAY_CRM_API_KEY, RELAY_CRM_BASE_URL, relayContacts, relayUsers, type RelayContact, type RelayUser } from './data.ts';
import { createRelayWebhooks, type RelayWebhooks } from './webhooks.ts';

export interface RelayCrmOptions {
  /** How many users the account holds. @default 257 */
  users?: number;
  /** How many contacts the account holds. @default 60 */
  contacts?: number;
  /** Answer this 1-based page of /users with the given HTTP status instead of records. */
  failPage?: { page: number; status: number };
  /** Answer this 1-based page of /users with a body that has no `data` array. */
  malformedPage?: number;
  /** Seeded faults: server errors, 429s, cut-off bodies, a looping cursor, expiring keys, latency. */
  faults?: FaultOptions;
  /** The app's clock, for the times of changes and webhook signatures. @default Date.now */
  now?: () => number;
  /**
   * Share of reads by id answered from a lagging replica: the record as it was one change
   * before (a deleted one as it was before the delete), as eventually consistent APIs do. @default 0
   */
  staleReadRate?: number;
  /** Seeds the draws that pick the stale reads. @default 1 */
  staleReadSeed?: number;
}

/** A running mocked Relay CRM: its handlers, its records to change at run time, and its webhooks. */
export interface RelayCrmApp {
  handlers: HttpHandler[];
  users: LiveRecords<RelayUser>;
  contacts: LiveRecords<RelayContact>;
  /** Every change to users and contacts is sent to the subscribed targets as a signed delivery. */
  webhooks: RelayWebhooks;
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

function unauthorized(message: string) {
  return HttpResponse.json({ error: { type: 'unauthorized', message } }, { status: 401 });
}

function authenticate(request: Request) {
  const header = request.headers.get('authorization');
  if (!header) return unauthorized('Missing API key. Send it as "Authorization: Bearer <key>".');
  if (header !== `Bearer ${RELAY_CRM_API_KEY}`) return unauthorized('Invalid API key');
  return undefined;
}

/** One page of a list the way Relay CRM's API pages: `limit` and an opaque `cursor`. */
function listPage<T>(request: Request, all: T[], options: RelayCrmOptions, withFailures: boolean, gate: AppGate) {
  const url = new URL(request.url);
  const limit = Math.min(Number(url.searchParams.get('limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT, MAX_LIMIT);
  const cursor = url.searchParams.get('cursor');
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (offset === undefined) {
    return HttpResponse.json({ error: { type: 'invalid_request', message: `Unknown cursor "${cursor}"` } }, { status: 400 });
  }
  const page = Math.floor(offset / limit) + 1;
  if (withFailures && options.failPage?.page === page) {
    return HttpResponse.json({ error: { type: 'server_error', message: 'Something went wrong on our side' } }, { status: options.failPage.status });
  }
  if (withFailures && options.malformedPage === page) {
    return HttpResponse.json({ results: 'maintenance' });
  }
  const data = all.slice(offset, offset + limit);
  const end = offset + data.length;
  // A looping app hands back the cursor of the page it was asked for.
  if (gate.repeatsAt(page)) return HttpResponse.json({ object: 'list', data, has_more: true, next_cursor: encodeCursor(offset) });
  const hasMore = end < all.length;
  return HttpResponse.json({ object: 'list', data, has_more: hasMore, next_cursor: hasMore ? encodeCursor(end) : null });
}

function notFound(what: string, id: string) {
  return HttpResponse.json({ error: { type: 'not_found', message: `No ${what} with id "${id}"` } }, { status: 404 });
}

/** Relay CRM with records that change at run time and webhooks for each change. */
export function createRelayCrm(options: RelayCrmOptions = {}): RelayCrmApp {
  const now = options.now ?? Date.now;
  const touch = <T extends { updated_at: string }>(record: T, at: number): T => ({ ...record, updated_at: new Date(at).toISOString() });
  const users = createLiveRecords(relayUsers(options.users ?? 257), { idOf: (user) => user.id, now, touch });
  const contacts = createLiveRecords(relayContacts(options.contacts ?? 60), { idOf: (contact) => contact.id, now, touch });
  const webhooks = createRelayWebhooks(now);
  users.onChange((change) => webhooks.emit('user', change));
  contacts.onChange((change) => webhooks.emit('contact', change));
  return { handlers: relayCrmRoutes(options, users, contacts), users, contacts, webhooks };
}

/** A read by id, sometimes from a replica one change behind. */
function reader<T>(records: LiveRecords<T>, options: RelayCrmOptions): (id: string) => T | undefined {
  const rate = options.staleReadRate ?? 0;
  const draw = seeded(options.staleReadSeed ?? 1);
  return (id) => {
    const lagging = rate > 0 && draw() < rate ? records.previous(id) : undefined;
    return lagging ?? records.get(id);
  };
}

/** msw handlers that play Relay CRM, a CRM with API-key auth and cursor pagination. */
export function relayCrmHandlers(options: RelayCrmOptions = {}): HttpHandler[] {
  return createRelayCrm(options).handlers;
}

function relayCrmRoutes(options: RelayCrmOptions, users: LiveRecords<RelayUser>, contacts: LiveRecords<RelayContact>): HttpHandler[] {
  const readUser = reader(users, options);
  const readContact = reader(contacts, options);
  const gate = createAppGate({
    faults: options.faults,
    errorBody: (status, message) => ({ error: { type: status === 401 ? 'unauthorized' : status === 429 ? 'rate_limited' : 'server_error', message } }),
  });
  return [
    http.get(`${RELAY_CRM_BASE_URL}/me`, ({ request }) => {
      return gate.call(() => authenticate(request) ?? HttpResponse.json({ account: { id: 'acc_northwind', name: 'Northwind Traders' } }));
    }),
    http.get(`${RELAY_CRM_BASE_URL}/users`, ({ request }) => {
      return gate.list(() => authenticate(request) ?? listPage(request, users.all(), options, true, gate));
    }),
    http.get(`${RELAY_CRM_BASE_URL}/users/:id`, ({ request, params }) => {
      const id = String(params.id);
      return gate.call(() => {
        const user = readUser(id);
        return authenticate(request) ?? (user ? HttpResponse.json({ data: user }) : notFound('user', id));
      });
    }),
    http.get(`${RELAY_CRM_BASE_URL}/contacts`, ({ request }) => {
      return gate.list(() => authenticate(request) ?? listPage(request, contacts.all(), options, false, gate));
    }),
    http.get(`${RELAY_CRM_BASE_URL}/contacts/:id`, ({ request, params }) => {
      const id = String(params.id);
      return gate.call(() => {
        const contact = readContact(id);
        return authenticate(request) ?? (contact ? HttpResponse.json({ data: contact }) : notFound('contact', id));
      });
    }),
  ];
}

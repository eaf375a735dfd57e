import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type AppGate, type FaultOptions } from '../shared/faults.ts';
import { decodeCursor, encodeCursor } from '../shared/people.ts';
import { RELAY_CRM_API_KEY, RELAY_CRM_BASE_URL, relayContacts, relayUsers } from './data.ts';

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

/** msw handlers that play Relay CRM, a CRM with API-key auth and cursor pagination. */
export function relayCrmHandlers(options: RelayCrmOptions = {}): HttpHandler[] {
  const users = relayUsers(options.users ?? 257);
  const contacts = relayContacts(options.contacts ?? 60);
  const gate = createAppGate({
    faults: options.faults,
    errorBody: (status, message) => ({ error: { type: status === 401 ? 'unauthorized' : status === 429 ? 'rate_limited' : 'server_error', message } }),
  });
  return [
    http.get(`${RELAY_CRM_BASE_URL}/me`, ({ request }) => {
      return gate.call(() => authenticate(request) ?? HttpResponse.json({ account: { id: 'acc_northwind', name: 'Northwind Traders' } }));
    }),
    http.get(`${RELAY_CRM_BASE_URL}/users`, ({ request }) => {
      return gate.list(() => authenticate(request) ?? listPage(request, users, options, true, gate));
    }),
    http.get(`${RELAY_CRM_BASE_URL}/contacts`, ({ request }) => {
      return gate.list(() => authenticate(request) ?? listPage(request, contacts, options, false, gate));
    }),
  ];
}

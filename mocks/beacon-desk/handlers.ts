// Modeled on the Zendesk Support API's offset pagination
// (https://developer.zendesk.com/api-reference/introduction/pagination/): `page` (1-based) and
// `per_page` (at most 100), answered with `{ <items>, next_page, previous_page, count }`; basic
// auth with `email/token` and an API token; a published rate limit with X-RateLimit-* headers.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize, whole, withParams } from '../shared/paging.ts';
import { BEACON_DESK_BASE_URL, BEACON_DESK_PASSWORD, BEACON_DESK_RATE_LIMIT, BEACON_DESK_USERNAME, beaconOrganizations, beaconUsers } from './data.ts';

export interface BeaconDeskOptions {
  /** How many users the help desk has. @default 215 */
  users?: number;
  /** How many organizations the help desk has. @default 100 */
  organizations?: number;
  /** The published limit; `false` turns it off (say, for a test that floods the app on purpose). @default 20 requests a second */
  rateLimit?: { requests: number; perMs: number } | false;
  faults?: FaultOptions;
}

function authenticate(request: Request) {
  const expected = `Basic ${btoa(`${BEACON_DESK_USERNAME}:${BEACON_DESK_PASSWORD}`)}`;
  if (request.headers.get('authorization') === expected) return undefined;
  return HttpResponse.json({ error: "Couldn't authenticate you" }, { status: 401 });
}

/** One page of `key`: numbered from 1, with the total in `count`; a page past the end is empty. */
function listPage<T>(request: Request, key: string, all: T[]) {
  const url = new URL(request.url);
  const perPage = pageSize(url.searchParams.get('per_page'), 100, 100);
  const page = whole(url.searchParams.get('page'), 1);
  if (page === undefined || page < 1) return HttpResponse.json({ error: 'InvalidPaginationParameter', description: 'page must be a positive integer' }, { status: 400 });
  const items = all.slice((page - 1) * perPage, page * perPage);
  const at = (target: number) => withParams(request.url, { page: target, per_page: perPage });
  return HttpResponse.json({
    [key]: items,
    next_page: page * perPage < all.length ? at(page + 1) : null,
    previous_page: page > 1 ? at(page - 1) : null,
    count: all.length,
  });
}

/** msw handlers that play Beacon Desk, a help desk with basic auth, numbered pages and a 20/s limit. */
export function beaconDeskHandlers(options: BeaconDeskOptions = {}): HttpHandler[] {
  const organizations = beaconOrganizations(options.organizations ?? 100);
  const users = beaconUsers(options.users ?? 215, organizations);
  const rateLimit = options.rateLimit === false ? undefined : (options.rateLimit ?? BEACON_DESK_RATE_LIMIT);
  const gate = createAppGate({ faults: options.faults, rateLimit, errorBody: (_status, message) => ({ error: message }) });
  return [
    http.get(`${BEACON_DESK_BASE_URL}/users/me.json`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ user: { id: 360_000_000_001, name: 'Demo Agent', email: 'agent@northwind.test', role: 'admin' } })),
    ),
    http.get(`${BEACON_DESK_BASE_URL}/users.json`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, 'users', users))),
    http.get(`${BEACON_DESK_BASE_URL}/organizations.json`, ({ request }) =>
      gate.list(() => authenticate(request) ?? listPage(request, 'organizations', organizations)),
    ),
  ];
}

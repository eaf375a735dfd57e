// Modeled on the Stripe API's list endpoints (https://docs.stripe.com/api/pagination):
// `{ object: 'list', url, has_more, data }`, `limit` (1–100) and `starting_after` the last id seen;
// a secret key as a bearer token; errors as `{ error: { type, message } }`.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type AppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize } from '../shared/paging.ts';
import { TOLLGATE_BASE_URL, TOLLGATE_SECRET_KEY, tollgateCustomers, tollgateFiles } from './data.ts';

export interface TollgateOptions {
  /** How many customers the account has. @default 180 */
  customers?: number;
  /** How many files the account has. @default 36 */
  files?: number;
  faults?: FaultOptions;
}

const failure = (status: number, message: string) => ({ error: { type: status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error', message } });

function authenticate(request: Request) {
  const header = request.headers.get('authorization');
  if (header === `Bearer ${TOLLGATE_SECRET_KEY}`) return undefined;
  const message = header ? `Invalid API Key provided: ${header.replace(/^Bearer /, '').slice(0, 8)}****` : 'You did not provide an API key.';
  return HttpResponse.json(failure(401, message), { status: 401 });
}

/** One page after `starting_after`; a looping app ends a page on the very id it was asked to start after. */
function listPage<T extends { id: string }>(request: Request, all: T[], noun: string, gate: AppGate) {
  const url = new URL(request.url);
  const limit = pageSize(url.searchParams.get('limit'), 10, 100);
  const after = url.searchParams.get('starting_after');
  const index = after === null ? -1 : all.findIndex((item) => item.id === after);
  if (index === -1 && after !== null) return HttpResponse.json(failure(400, `No such ${noun}: '${after}'`), { status: 400 });
  const start = after !== null && gate.repeatsAt(Math.floor((index + 1) / limit) + 1) ? Math.max(0, index + 1 - limit) : index + 1;
  const data = all.slice(start, start + limit);
  return HttpResponse.json({ object: 'list', url: url.pathname, has_more: start + data.length < all.length, data });
}

/** msw handlers that play Tollgate, a payments platform with secret keys and has-more/starting-after paging. */
export function tollgateHandlers(options: TollgateOptions = {}): HttpHandler[] {
  const customers = tollgateCustomers(options.customers ?? 180);
  const files = tollgateFiles(options.files ?? 36);
  const gate = createAppGate({ faults: options.faults, errorBody: failure });
  return [
    http.get(`${TOLLGATE_BASE_URL}/balance`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ object: 'balance', available: [{ amount: 125_000, currency: 'usd' }], livemode: false })),
    ),
    http.get(`${TOLLGATE_BASE_URL}/customers`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, customers, 'customer', gate))),
    http.get(`${TOLLGATE_BASE_URL}/files`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, files, 'file', gate))),
  ];
}

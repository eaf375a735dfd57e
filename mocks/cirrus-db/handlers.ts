// Modeled on the Azure Cosmos DB REST API "List Documents"
// (https://learn.microsoft.com/rest/api/cosmos-db/list-documents): `x-ms-max-item-count` request
// header for the page size, `{ _rid, Documents, _count }` bodies, and the continuation token in the
// `x-ms-continuation` response header, sent back in the request header of the same name.
// Auth is simplified to a static resource token after Cosmos's `type=resource&ver=1.0&sig=` prefix.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type AppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize } from '../shared/paging.ts';
import { decodeCursor, encodeCursor } from '../shared/people.ts';
import { CIRRUS_AUTH_PREFIX, CIRRUS_BASE_URL, CIRRUS_TOKEN, cirrusAccounts, cirrusContacts } from './data.ts';

export interface CirrusDbOptions {
  /** How many documents the contacts container holds. @default 175 */
  contacts?: number;
  /** How many documents the accounts container holds. @default 40 */
  accounts?: number;
  faults?: FaultOptions;
}

const CODES: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 429: 'TooManyRequests', 503: 'ServiceUnavailable' };
const failure = (status: number, message: string) => ({ code: CODES[status] ?? 'InternalServerError', message });

function authenticate(request: Request) {
  if (request.headers.get('authorization') === `${CIRRUS_AUTH_PREFIX}${CIRRUS_TOKEN}`) return undefined;
  return HttpResponse.json(failure(401, "The input authorization token can't serve the request."), { status: 401 });
}

/** A Cosmos-looking continuation token around an offset. */
const continuation = (offset: number) => JSON.stringify({ token: `+RID:~${encodeCursor(offset)}#RT:1#TRC:${offset}`, range: { min: '', max: 'FF' } });

function offsetOf(header: string): number | undefined {
  try {
    const { token } = JSON.parse(header) as { token?: unknown };
    const match = typeof token === 'string' ? /^\+RID:~([^#]+)#/.exec(token) : null;
    return match?.[1] ? decodeCursor(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** One page; the next page's token is a response header, absent on the last page. */
function listPage<T>(request: Request, all: T[], gate: AppGate) {
  const size = pageSize(request.headers.get('x-ms-max-item-count'), 100, 1_000);
  const header = request.headers.get('x-ms-continuation');
  const offset = header === null ? 0 : offsetOf(header);
  if (offset === undefined) return HttpResponse.json(failure(400, 'Invalid Continuation Token'), { status: 400 });
  const documents = all.slice(offset, offset + size);
  const end = offset + documents.length;
  // A looping app hands back the token it was given.
  const next = gate.repeatsAt(Math.floor(offset / size) + 1) ? offset : end < all.length ? end : undefined;
  const headers: Record<string, string> = { 'x-ms-item-count': String(documents.length), 'x-ms-request-charge': '2.83' };
  if (next !== undefined) headers['x-ms-continuation'] = continuation(next);
  return HttpResponse.json({ _rid: 'q1BxAA==', Documents: documents, _count: documents.length }, { headers });
}

/** msw handlers that play Cirrus DB, a document database whose continuation tokens travel in headers. */
export function cirrusDbHandlers(options: CirrusDbOptions = {}): HttpHandler[] {
  const contacts = cirrusContacts(options.contacts ?? 175);
  const accounts = cirrusAccounts(options.accounts ?? 40);
  const gate = createAppGate({ faults: options.faults, errorBody: failure });
  return [
    http.get(`${CIRRUS_BASE_URL}/dbs`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ _rid: '', Databases: [{ id: 'crm', _rid: 'q1BxAA==', _self: 'dbs/q1BxAA==/' }], _count: 1 })),
    ),
    http.get(`${CIRRUS_BASE_URL}/dbs/crm/colls/contacts/docs`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, contacts, gate))),
    http.get(`${CIRRUS_BASE_URL}/dbs/crm/colls/accounts/docs`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, accounts, gate))),
  ];
}

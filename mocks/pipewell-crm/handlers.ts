// Modeled on the Pipedrive API v1 (https://pipedrive.readme.io/docs/core-api-concepts-pagination):
// `start`/`limit` offsets and `additional_data.pagination.more_items_in_collection`, with the
// API token as the `api_token` query parameter.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize, whole } from '../shared/paging.ts';
import { PIPEWELL_API_TOKEN, PIPEWELL_BASE_URL, pipewellOrganizations, pipewellPersons } from './data.ts';

export interface PipewellCrmOptions {
  /** How many persons the account holds. @default 230 */
  persons?: number;
  /** How many organizations the account holds. @default 48 */
  organizations?: number;
  faults?: FaultOptions;
}

const failure = (status: number, message: string) => ({ success: false, error: message, errorCode: status, error_info: 'Please check developers.pipewell.test' });

function authenticate(request: Request) {
  if (new URL(request.url).searchParams.get('api_token') === PIPEWELL_API_TOKEN) return undefined;
  return HttpResponse.json(failure(401, 'unauthorized access'), { status: 401 });
}

/** One page: `start` is an offset, `limit` at most 500. */
function listPage<T>(request: Request, all: T[]) {
  const url = new URL(request.url);
  const limit = pageSize(url.searchParams.get('limit'), 100, 500);
  const start = whole(url.searchParams.get('start'), 0);
  if (start === undefined) return HttpResponse.json(failure(400, 'Parameter "start" must be a non-negative integer'), { status: 400 });
  const data = all.slice(start, start + limit);
  const more = start + data.length < all.length;
  return HttpResponse.json({
    success: true,
    data,
    additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + data.length } : {}) } },
  });
}

/** msw handlers that play Pipewell CRM, a sales CRM with a query-parameter token and offset paging. */
export function pipewellCrmHandlers(options: PipewellCrmOptions = {}): HttpHandler[] {
  const organizations = pipewellOrganizations(options.organizations ?? 48);
  const persons = pipewellPersons(options.persons ?? 230, organizations);
  const gate = createAppGate({ faults: options.faults, errorBody: failure });
  return [
    http.get(`${PIPEWELL_BASE_URL}/users/me`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ success: true, data: { id: 1, name: 'Demo Seller', company_name: 'Northwind Traders' } })),
    ),
    http.get(`${PIPEWELL_BASE_URL}/persons`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, persons))),
    http.get(`${PIPEWELL_BASE_URL}/organizations`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, organizations))),
  ];
}

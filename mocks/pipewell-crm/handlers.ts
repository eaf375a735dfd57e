// Modeled on the Pipedrive API v1 (https://pipedrive.readme.io/docs/core-api-concepts-pagination):
// `start`/`limit` offsets and `additional_data.pagination.more_items_in_collection`, with the
// API token as the `api_token` query parameter. Persons take an `updated_since` filter (RFC 3339), as
// Pipedrive's API v2 lists do (https://developers.pipedrive.com/docs/api/v1/Persons#getPersons, v2).
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize, whole } from '../shared/paging.ts';
import { createLiveRecords, type LiveRecords } from '../shared/liveRecords.ts';
import { PIPEWELL_API_TOKEN, PIPEWELL_BASE_URL, pipewellOrganizations, pipewellPersons, type PipewellPerson } from './data.ts';

export interface PipewellCrmOptions {
  /** How many persons the account holds. @default 230 */
  persons?: number;
  /** How many organizations the account holds. @default 48 */
  organizations?: number;
  faults?: FaultOptions;
  /** The app's clock, for the times of changes. @default Date.now */
  now?: () => number;
}

/** A running mocked Pipewell CRM: its handlers and its persons, to change at run time. */
export interface PipewellCrmApp {
  handlers: HttpHandler[];
  persons: LiveRecords<PipewellPerson>;
}

/** Pipedrive-style `YYYY-MM-DD HH:MM:SS` in UTC. */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const parseStamp = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

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
  return createPipewellCrm(options).handlers;
}

/** Pipewell CRM with persons that change at run time. */
export function createPipewellCrm(options: PipewellCrmOptions = {}): PipewellCrmApp {
  const organizations = pipewellOrganizations(options.organizations ?? 48);
  // Times in whole seconds: two changes a second apart at least, or the later would share the earlier's time.
  const persons = createLiveRecords(pipewellPersons(options.persons ?? 230, organizations), {
    idOf: (person) => String(person.id),
    ...(options.now ? { now: options.now } : {}),
    stepMs: 1000,
    touch: (person, at) => ({ ...person, update_time: stamp(at) }),
  });
  return { handlers: pipewellRoutes(options, organizations, persons), persons };
}

function pipewellRoutes(options: PipewellCrmOptions, organizations: ReturnType<typeof pipewellOrganizations>, persons: LiveRecords<PipewellPerson>): HttpHandler[] {
  const gate = createAppGate({ faults: options.faults, errorBody: failure });
  return [
    http.get(`${PIPEWELL_BASE_URL}/users/me`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ success: true, data: { id: 1, name: 'Demo Seller', company_name: 'Northwind Traders' } })),
    ),
    http.get(`${PIPEWELL_BASE_URL}/persons`, ({ request }) =>
      gate.list(() => {
        const denied = authenticate(request);
        if (denied) return denied;
        const since = new URL(request.url).searchParams.get('updated_since');
        if (since === null) return listPage(request, persons.all());
        const from = Date.parse(since);
        if (Number.isNaN(from)) return HttpResponse.json(failure(400, 'Parameter "updated_since" must be an RFC 3339 time'), { status: 400 });
        return listPage(request, persons.all().filter((person) => parseStamp(person.update_time) >= from));
      }),
    ),
    http.get(`${PIPEWELL_BASE_URL}/persons/:id`, ({ request, params }) =>
      gate.call(() => {
        const person = persons.get(String(params.id));
        return authenticate(request) ?? (person ? HttpResponse.json({ success: true, data: person }) : HttpResponse.json(failure(404, 'Person not found'), { status: 404 }));
      }),
    ),
    http.get(`${PIPEWELL_BASE_URL}/organizations`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, organizations))),
  ];
}

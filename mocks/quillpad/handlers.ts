// Modeled on the Notion API (https://developers.notion.com/reference/intro#pagination):
// `GET /v1/users` takes `start_cursor`/`page_size` in the query, `POST /v1/databases/{id}/query`
// takes them in the JSON body; both answer `{ object: 'list', results, next_cursor, has_more }`,
// where the cursor is the id of the next result. A bearer integration secret.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type AppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize } from '../shared/paging.ts';
import { QUILLPAD_BASE_URL, QUILLPAD_DATABASE_ID, QUILLPAD_SECRET, quillpadPages, quillpadUsers } from './data.ts';

export interface QuillpadOptions {
  /** How many people the workspace has. @default 42 */
  users?: number;
  /** How many pages the Accounts database holds. @default 130 */
  accounts?: number;
  faults?: FaultOptions;
}

const CODES: Record<number, string> = { 400: 'validation_error', 401: 'unauthorized', 404: 'object_not_found', 429: 'rate_limited', 502: 'internal_server_error', 503: 'service_unavailable' };
const failure = (status: number, message: string) => ({ object: 'error', status, code: CODES[status] ?? 'internal_server_error', message });

function authenticate(request: Request) {
  if (request.headers.get('authorization') === `Bearer ${QUILLPAD_SECRET}`) return undefined;
  return HttpResponse.json(failure(401, 'API token is invalid.'), { status: 401 });
}

/** One page starting at the result whose id is `cursor`; a looping app hands back the cursor it was given. */
function listPage<T extends { id: string }>(all: T[], cursor: unknown, size: unknown, extra: object, gate: AppGate) {
  const pageLength = pageSize(typeof size === 'number' || typeof size === 'string' ? size : undefined, 100, 100);
  const start = cursor === undefined || cursor === null ? 0 : all.findIndex((item) => item.id === cursor);
  if (start === -1) return HttpResponse.json(failure(400, `body failed validation: start_cursor provided is invalid: ${String(cursor)}`), { status: 400 });
  const results = all.slice(start, start + pageLength);
  const end = start + results.length;
  const next = gate.repeatsAt(Math.floor(start / pageLength) + 1) ? all[start]?.id : all[end]?.id;
  return HttpResponse.json({ object: 'list', results, next_cursor: next ?? null, has_more: next !== undefined, ...extra });
}

/** msw handlers that play Quillpad, a notes and databases app with bearer secrets and cursors in query or body. */
export function quillpadHandlers(options: QuillpadOptions = {}): HttpHandler[] {
  const users = quillpadUsers(options.users ?? 42);
  const pages = quillpadPages(options.accounts ?? 130);
  const gate = createAppGate({ faults: options.faults, errorBody: failure });
  return [
    http.get(`${QUILLPAD_BASE_URL}/users/me`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ object: 'user', id: 'b0b0b0b0-0000-4000-a000-000000000001', type: 'bot', name: 'Tributary import', bot: { owner: { type: 'workspace', workspace: true } } })),
    ),
    http.get(`${QUILLPAD_BASE_URL}/users`, ({ request }) =>
      gate.list(() => {
        const url = new URL(request.url);
        return authenticate(request) ?? listPage(users, url.searchParams.get('start_cursor') ?? undefined, url.searchParams.get('page_size') ?? undefined, { type: 'user', user: {} }, gate);
      }),
    ),
    http.post(`${QUILLPAD_BASE_URL}/databases/:databaseId/query`, ({ request, params }) =>
      gate.list(async () => {
        const denied = authenticate(request);
        if (denied) return denied;
        if (params.databaseId !== QUILLPAD_DATABASE_ID) {
          return HttpResponse.json(failure(404, `Could not find database with ID: ${String(params.databaseId)}.`), { status: 404 });
        }
        const body: unknown = await request.json().catch(() => undefined);
        if (body === undefined || body === null || typeof body !== 'object') {
          return HttpResponse.json(failure(400, 'body failed validation: body should be an object.'), { status: 400 });
        }
        const { start_cursor: cursor, page_size: size } = body as { start_cursor?: unknown; page_size?: unknown };
        return listPage(pages, cursor, size, { type: 'page_or_database', page_or_database: {} }, gate);
      }),
    ),
  ];
}

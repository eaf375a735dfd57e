// Modeled on the Asana REST API (https://developers.asana.com/docs/pagination):
// `{ data: [...], next_page: { offset, path, uri } | null }`, where `uri` is the absolute next-page URL.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type AppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize, withParams } from '../shared/paging.ts';
import { decodeCursor, encodeCursor } from '../shared/people.ts';
import { TASKWISE_BASE_URL, TASKWISE_PROJECT_GID, TASKWISE_TOKEN, TASKWISE_WORKSPACE_GID, taskwiseAttachments, taskwiseUsers } from './data.ts';

export interface TaskwiseOptions {
  /** How many users the workspace has. @default 137 */
  users?: number;
  /** How many attachments the project has. @default 45 */
  attachments?: number;
  faults?: FaultOptions;
}

const errors = (message: string) => ({ errors: [{ message, help: 'See https://developers.taskwise.test for help.' }] });

function authenticate(request: Request) {
  if (request.headers.get('authorization') === `Bearer ${TASKWISE_TOKEN}`) return undefined;
  return HttpResponse.json(errors('Not Authorized'), { status: 401 });
}

/** One page: `limit` (1–100) and an opaque `offset` token; the next page comes as a ready URL. */
function listPage<T>(request: Request, all: T[], gate: AppGate) {
  const url = new URL(request.url);
  const limit = pageSize(url.searchParams.get('limit'), 20, 100);
  const token = url.searchParams.get('offset');
  const offset = token === null ? 0 : decodeCursor(token);
  if (offset === undefined) return HttpResponse.json(errors(`offset: Your pagination token is invalid.`), { status: 400 });
  const data = all.slice(offset, offset + limit);
  const end = offset + data.length;
  // A looping app points the next page back at this one.
  const nextOffset = gate.repeatsAt(Math.floor(offset / limit) + 1) ? offset : end;
  if (end >= all.length && nextOffset === end) return HttpResponse.json({ data, next_page: null });
  const uri = withParams(request.url, { limit, offset: encodeCursor(nextOffset) });
  const next = new URL(uri);
  return HttpResponse.json({
    data,
    next_page: { offset: encodeCursor(nextOffset), path: next.pathname.replace('/api/1.0', '') + next.search, uri },
  });
}

/** msw handlers that play Taskwise, a work-management app with bearer tokens and absolute next-page URLs. */
export function taskwiseHandlers(options: TaskwiseOptions = {}): HttpHandler[] {
  const users = taskwiseUsers(options.users ?? 137);
  const attachments = taskwiseAttachments(options.attachments ?? 45);
  const gate = createAppGate({ faults: options.faults, errorBody: (_status, message) => errors(message) });
  return [
    http.get(`${TASKWISE_BASE_URL}/users/me`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({
        data: { gid: '1204000000100000', resource_type: 'user', name: 'Demo Admin', email: 'admin@taskwise.example', workspaces: [{ gid: TASKWISE_WORKSPACE_GID, name: 'Northwind' }] },
      })),
    ),
    http.get(`${TASKWISE_BASE_URL}/users`, ({ request }) => gate.list(() => authenticate(request) ?? listPage(request, users, gate))),
    http.get(`${TASKWISE_BASE_URL}/attachments`, ({ request }) =>
      gate.list(() => {
        const denied = authenticate(request);
        if (denied) return denied;
        if (new URL(request.url).searchParams.get('parent') !== TASKWISE_PROJECT_GID) {
          return HttpResponse.json(errors('parent: Not a recognized ID.'), { status: 400 });
        }
        return listPage(request, attachments, gate);
      }),
    ),
  ];
}

// Modeled on the GitHub REST API (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api):
// a bare JSON array per page, `page`/`per_page`, and the next page in the `Link` header (rel="next"),
// plus GitHub's X-RateLimit-* headers (5,000 requests an hour, reset in epoch seconds).
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type AppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize, rootRelative, whole, withParams } from '../shared/paging.ts';
import { FORGE_HUB_BASE_URL, FORGE_HUB_ORG, FORGE_HUB_RATE_LIMIT, FORGE_HUB_RELEASE, FORGE_HUB_TOKEN, forgeHubAssets, forgeHubMembers } from './data.ts';

export interface ForgeHubOptions {
  /** How many members the organization has. @default 123 */
  members?: number;
  /** How many assets the release has. @default 64 */
  assets?: number;
  faults?: FaultOptions;
}

const error = (message: string) => ({ message, documentation_url: 'https://docs.forgehub.test/rest' });

function authenticate(request: Request) {
  const header = request.headers.get('authorization');
  // Like GitHub, both the `Bearer` and the older `token` scheme are accepted.
  if (header === `Bearer ${FORGE_HUB_TOKEN}` || header === `token ${FORGE_HUB_TOKEN}`) return undefined;
  return HttpResponse.json(error(header ? 'Bad credentials' : 'Requires authentication'), { status: 401 });
}

/** One page and its `Link` header; `relativeLinks` writes root-relative targets instead of absolute ones. */
function listPage<T>(request: Request, all: T[], gate: AppGate, relativeLinks: boolean) {
  const url = new URL(request.url);
  const perPage = pageSize(url.searchParams.get('per_page'), 30, 100);
  const page = whole(url.searchParams.get('page'), 1) || 1;
  const data = all.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const link = (target: number) => {
    const absolute = withParams(request.url, { per_page: perPage, page: target });
    return `<${relativeLinks ? rootRelative(absolute) : absolute}>`;
  };
  const links: string[] = [];
  // A looping app names this very page as the next one.
  if (gate.repeatsAt(page)) links.push(`${link(page)}; rel="next"`);
  else if (page < last) links.push(`${link(page + 1)}; rel="next"`);
  if (page < last) links.push(`${link(last)}; rel="last"`);
  if (page > 1) links.push(`${link(1)}; rel="first"`, `${link(Math.min(page - 1, last))}; rel="prev"`);
  return HttpResponse.json(data, { headers: links.length > 0 ? { Link: links.join(', ') } : {} });
}

/** msw handlers that play Forge Hub, a code host with bearer tokens and `Link` header pagination. */
export function forgeHubHandlers(options: ForgeHubOptions = {}): HttpHandler[] {
  const members = forgeHubMembers(options.members ?? 123);
  const assets = forgeHubAssets(options.assets ?? 64);
  const gate = createAppGate({ faults: options.faults, rateLimit: { ...FORGE_HUB_RATE_LIMIT, reset: 'epoch-seconds' }, errorBody: (_status, message) => error(message) });
  return [
    http.get(`${FORGE_HUB_BASE_URL}/user`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ login: 'northwind-admin', id: 58_000, type: 'User', name: 'Northwind Admin' })),
    ),
    http.get(`${FORGE_HUB_BASE_URL}/orgs/${FORGE_HUB_ORG}/members`, ({ request }) =>
      gate.list(() => authenticate(request) ?? listPage(request, members, gate, false)),
    ),
    http.get(`${FORGE_HUB_BASE_URL}${FORGE_HUB_RELEASE}/assets`, ({ request }) =>
      gate.list(() => authenticate(request) ?? listPage(request, assets, gate, true)),
    ),
  ];
}

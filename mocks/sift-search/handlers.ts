// Modeled on the Algolia Search REST API "Search an index" (https://www.algolia.com/doc/rest-api/search/):
// `GET /1/indexes/{index}?query=&page=0&hitsPerPage=50`, pages numbered from 0, answered with
// `{ hits, nbHits, page, nbPages, hitsPerPage }`; the key in an `X-Sift-API-Key` header.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAppGate, type FaultOptions } from '../shared/faults.ts';
import { pageSize, whole } from '../shared/paging.ts';
import { SIFT_API_KEY, SIFT_BASE_URL, siftCompanies } from './data.ts';

export interface SiftSearchOptions {
  /** How many records the companies index holds. @default 260 */
  companies?: number;
  faults?: FaultOptions;
}

const failure = (status: number, message: string) => ({ message, status });

function authenticate(request: Request) {
  if (request.headers.get('x-sift-api-key') === SIFT_API_KEY) return undefined;
  return HttpResponse.json(failure(403, 'Invalid Application-ID or API key'), { status: 403 });
}

/** msw handlers that play Sift Search, a hosted search index with an API-key header and 0-based pages. */
export function siftSearchHandlers(options: SiftSearchOptions = {}): HttpHandler[] {
  const hits = siftCompanies(options.companies ?? 260);
  const gate = createAppGate({ faults: options.faults, errorBody: failure });
  return [
    http.get(`${SIFT_BASE_URL}/indexes`, ({ request }) =>
      gate.call(() => authenticate(request) ?? HttpResponse.json({ items: [{ name: 'companies', entries: hits.length, dataSize: hits.length * 310 }], nbPages: 1 })),
    ),
    http.get(`${SIFT_BASE_URL}/indexes/companies`, ({ request }) =>
      gate.list(() => {
        const denied = authenticate(request);
        if (denied) return denied;
        const url = new URL(request.url);
        const hitsPerPage = pageSize(url.searchParams.get('hitsPerPage'), 20, 1_000);
        const page = whole(url.searchParams.get('page'), 0);
        if (page === undefined) return HttpResponse.json(failure(400, 'Invalid value for "page" parameter, expected integer'), { status: 400 });
        const query = url.searchParams.get('query') ?? '';
        return HttpResponse.json({
          hits: hits.slice(page * hitsPerPage, (page + 1) * hitsPerPage),
          nbHits: hits.length,
          page,
          nbPages: Math.ceil(hits.length / hitsPerPage),
          hitsPerPage,
          exhaustiveNbHits: true,
          query,
          params: url.search.slice(1),
          processingTimeMS: 1,
        });
      }),
    ),
  ];
}

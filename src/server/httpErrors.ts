import { TributaryError, type TributaryErrorData } from '../engine/index.ts';

/** Codes that mean "not now, the run is in another state", whatever their class. */
const CONFLICTS: ReadonlySet<string> = new Set(['run.in-progress', 'run.already-active', 'run.already-succeeded']);

/** An error the handler raises about the request itself, with the status it answers. */
export class RequestError extends TributaryError {
  readonly httpStatus: number;

  constructor(httpStatus: number, data: TributaryErrorData) {
    super(data);
    this.httpStatus = httpStatus;
  }
}

/**
 * The HTTP status an engine error is answered with. An app rejecting the
 * credentials or a request is the app's answer about a third party, not the
 * caller's authentication, so it is 422 and never 401.
 */
export function httpStatusOf(error: TributaryError): number {
  if (error instanceof RequestError) return error.httpStatus;
  if (error.code.endsWith('.not-found')) return 404;
  if (CONFLICTS.has(error.code)) return 409;
  switch (error.class) {
    case 'config':
      // A status means an app answered: the input was fine, the app refused it.
      return error.status !== undefined ? 422 : 400;
    case 'auth':
      return 422;
    case 'rate-limited':
      return 429;
    case 'transient':
      return 503;
    case 'source-data':
    case 'destination':
      return 502;
    case 'internal':
      return 500;
    default:
      return error.class satisfies never;
  }
}

/** What crosses the wire: an internal error's message may hold anything, so it is replaced. */
export function publicError(error: TributaryError): TributaryErrorData {
  if (error.class === 'internal') return { code: error.code, class: 'internal', message: 'The server failed to handle the request.' };
  return error.toJSON();
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function errorResponse(error: TributaryError, status = httpStatusOf(error), headers: Record<string, string> = {}): Response {
  const wait: Record<string, string> = {};
  if (error.retryAfterMs !== undefined && (status === 429 || status === 503)) {
    wait['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  }
  return jsonResponse(status, { error: publicError(error) }, { ...wait, ...headers });
}

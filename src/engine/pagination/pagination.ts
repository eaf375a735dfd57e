import type { ListOperation } from '../connectors/connector.types.ts';
import { TributaryError } from '../errors.ts';
import { getPath } from '../util/path.ts';
import type { AppResponse } from '../http/appRequest.ts';

/** What to add to the list request to fetch one page. */
export interface PageParams {
  query: Record<string, string>;
  headers: Record<string, string>;
}

/** The request parameters of the page that follows `cursor` (undefined for the first page). */
export function pageParams(list: ListOperation, cursor: string | undefined): PageParams {
  const query: Record<string, string> = { ...list.query };
  const headers: Record<string, string> = {};
  const { pagination } = list;
  switch (pagination.type) {
    case 'cursor':
      if (pagination.limit) query[pagination.limit.param] = String(pagination.limit.value);
      if (cursor !== undefined) {
        if (pagination.param.in === 'query') query[pagination.param.name] = cursor;
        else headers[pagination.param.name] = cursor;
      }
      break;
    case 'none':
      break;
    default:
      pagination satisfies never;
  }
  return { query, headers };
}

/**
 * The cursor of the page after this one, or undefined when this was the last.
 * A cursor that repeats the current one is a typed error, never a loop.
 */
export function nextCursor(
  list: ListOperation,
  response: AppResponse,
  recordCount: number,
  current: string | undefined,
  pageNumber: number,
): string | undefined {
  const { pagination } = list;
  switch (pagination.type) {
    case 'none':
      return undefined;
    case 'cursor': {
      if (recordCount === 0) return undefined;
      const value = getPath(response.body, pagination.cursorPath);
      if (value === undefined || value === null || value === '' || value === false) return undefined;
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new TributaryError({
          code: 'source.bad-cursor',
          class: 'source-data',
          message: `Page ${pageNumber}: the cursor at "${pagination.cursorPath}" is a ${typeof value}, not a string or number.`,
        });
      }
      const cursor = String(value);
      if (cursor === current) {
        throw new TributaryError({
          code: 'source.cursor-repeated',
          class: 'source-data',
          message: `Page ${pageNumber} returned the same cursor as the page before it; stopping instead of looping.`,
        });
      }
      return cursor;
    }
    default:
      return pagination satisfies never;
  }
}

import type { ListOperation, Pagination, ParamLocation } from '../connectors/connector.types.ts';
import { TributaryError } from '../errors.ts';
import type { AppResponse } from '../http/appRequest.ts';
import { getPath } from '../util/path.ts';
import { nextLink } from './linkHeader.ts';

/**
 * Where paging stands: what the next request needs. Plain JSON, so it is the
 * checkpoint a resumed run starts from.
 */
export interface PageState {
  /** 1 for the first page. */
  page: number;
  /** Records seen before this page. */
  seen: number;
  cursor?: string;
  url?: string;
  offset?: number;
  pageNumber?: number;
  startingAfter?: string;
}

/** The parts of one page request that paging decides. */
export interface PageRequest {
  /** A whole next-page URL, when the app gave one. */
  url?: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
}

export function firstPage(pagination: Pagination): PageState {
  switch (pagination.type) {
    case 'offset':
      return { page: 1, seen: 0, offset: 0 };
    case 'page-number':
      return { page: 1, seen: 0, pageNumber: pagination.firstPage ?? 1 };
    default:
      return { page: 1, seen: 0 };
  }
}

function put(request: PageRequest, where: ParamLocation, name: string, value: string | number): void {
  if (where === 'query') request.query[name] = String(value);
  else if (where === 'header') request.headers[name] = String(value);
  else request.body = { ...request.body, [name]: value };
}

/** The request for the page `state` describes. */
export function pageRequest(list: ListOperation, state: PageState): PageRequest {
  // One shape whatever the paging, absent parts undefined: the page loop makes one of these per page.
  const body = list.body ? { ...list.body } : undefined;
  const { pagination } = list;
  // A next URL carries its own parameters; only the page size is not always in it.
  if (state.url !== undefined && pagination.type !== 'none') return { url: state.url, query: {}, headers: {}, body };
  const request: PageRequest = { url: undefined, query: { ...list.query }, headers: {}, body };
  if (pagination.type === 'none') return request;
  if (pagination.limit) put(request, pagination.limit.in ?? 'query', pagination.limit.param, pagination.limit.value);
  switch (pagination.type) {
    case 'cursor':
      if (state.cursor !== undefined) put(request, pagination.param.in, pagination.param.name, state.cursor);
      break;
    case 'offset':
      put(request, pagination.offsetParam.in, pagination.offsetParam.name, state.offset ?? 0);
      break;
    case 'page-number':
      put(request, pagination.pageParam.in, pagination.pageParam.name, state.pageNumber ?? pagination.firstPage ?? 1);
      break;
    case 'has-more':
      if (state.startingAfter !== undefined) put(request, pagination.startingAfterParam.in, pagination.startingAfterParam.name, state.startingAfter);
      break;
    case 'next-url':
      break;
    default:
      pagination satisfies never;
  }
  return request;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function repeated(what: string, page: number): TributaryError {
  return new TributaryError({
    code: 'source.pagination-loop',
    class: 'source-data',
    message: `Page ${page} returned the same ${what} as the page before it; stopping instead of looping.`,
  });
}

/**
 * The state for the page after this one, or undefined when this was the last.
 * Stops on an empty page, a has-more of false, a reached total, a short page
 * (offset and page numbers), or a missing cursor or link; a repeating cursor or
 * link, or too many pages, is a typed error instead of a loop.
 */
export function nextPage(list: ListOperation, state: PageState, response: AppResponse, records: readonly unknown[], lastId: string | undefined): PageState | undefined {
  const { pagination } = list;
  if (pagination.type === 'none' || records.length === 0) return undefined;
  const seen = state.seen + records.length;
  if (pagination.hasMorePath !== undefined) {
    const hasMore = getPath(response.body, pagination.hasMorePath);
    if (hasMore === false || hasMore === 'false') return undefined;
  }
  if (pagination.totalPath !== undefined) {
    const total = Number(getPath(response.body, pagination.totalPath));
    if (Number.isFinite(total) && seen >= total) return undefined;
  }
  const short = pagination.limit !== undefined && records.length < pagination.limit.value;
  const maxPages = list.maxPages ?? 100_000;
  if (state.page >= maxPages) {
    throw new TributaryError({
      code: 'source.too-many-pages',
      class: 'source-data',
      message: `Stopped after ${maxPages} pages, the most this collection allows (maxPages); the app may be paging in a loop.`,
    });
  }
  const page = state.page + 1;
  switch (pagination.type) {
    case 'cursor': {
      const cursor = pagination.cursorPath !== undefined
        ? text(getPath(response.body, pagination.cursorPath))
        : text(response.headers.get(pagination.cursorHeader ?? '') ?? undefined);
      if (cursor === undefined) return undefined;
      if (cursor === state.cursor) throw repeated('cursor', state.page);
      return { page, seen, cursor };
    }
    case 'next-url': {
      const url = pagination.nextUrlPath !== undefined
        ? text(getPath(response.body, pagination.nextUrlPath))
        : nextLink(response.headers.get('link'));
      if (url === undefined) return undefined;
      if (url === state.url) throw repeated('next-page link', state.page);
      return { page, seen, url };
    }
    case 'offset':
      if (short) return undefined;
      return { page, seen, offset: (state.offset ?? 0) + records.length };
    case 'page-number':
      if (short) return undefined;
      return { page, seen, pageNumber: (state.pageNumber ?? pagination.firstPage ?? 1) + 1 };
    case 'has-more': {
      if (getPath(response.body, pagination.hasMorePath) !== true) return undefined;
      if (lastId === undefined) return undefined;
      if (lastId === state.startingAfter) throw repeated('last record id', state.page);
      return { page, seen, startingAfter: lastId };
    }
    default:
      return pagination satisfies never;
  }
}

/** Small helpers the mocked apps' list handlers share. */

/** A page size from a request parameter: `fallback` when absent or not a positive integer, at most `max`. */
export function pageSize(value: string | number | null | undefined, fallback: number, max: number): number {
  const size = Number(value ?? fallback);
  return Number.isInteger(size) && size > 0 ? Math.min(size, max) : fallback;
}

/** A non-negative integer parameter (an offset or page number), or undefined when it is not one. */
export function whole(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** The request's absolute URL with `params` set, e.g. a next-page link. */
export function withParams(url: string, params: Record<string, string | number>): string {
  const next = new URL(url);
  for (const [name, value] of Object.entries(params)) next.searchParams.set(name, String(value));
  return next.toString();
}

/** The path and query of an absolute URL: a root-relative link. */
export function rootRelative(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

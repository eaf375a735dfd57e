const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The href for a value from an external record, or undefined when it must stay text: only absolute
 * `http://`, `https://` and `mailto:` URLs qualify. The value must spell its scheme plainly and parse as a URL
 * with that scheme, so tabs, entities or odd case cannot smuggle in another one; the link gets the parsed href.
 */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^(?:https?:\/\/|mailto:)/i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol === 'mailto:' ? url.pathname === '' : url.hostname === '') return undefined;
  return url.href;
}

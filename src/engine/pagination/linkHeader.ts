/** The target of the `rel="next"` link in an RFC 8288 `Link` header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  // Split on commas that start a new <link>, not those inside a URL.
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return match[1];
  }
  return undefined;
}

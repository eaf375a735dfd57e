import { parsePath, type PathSegment } from '../util/path.ts';

/** A template split into literal text and the paths of its `{{placeholders}}`. */
export type TemplatePart = { text: string } | { path: string; segments: PathSegment[] | undefined };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    const path = match[1] ?? '';
    parts.push({ path, segments: path === '' ? undefined : parsePath(path) });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

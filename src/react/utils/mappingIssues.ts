import type { TargetField } from '../../engine/index.ts';
import { targetLabel } from './mappingForm.ts';

export interface MappingIssue {
  path: string;
  message: string;
}

export interface GroupedIssues {
  /** Messages by target field key. */
  byField: Readonly<Record<string, readonly string[]>>;
  /** Messages that concern no one field. */
  other: readonly string[];
}

export const NO_ISSUES: readonly string[] = [];

/**
 * The target field an issue's path points into (`mapping.fields.email.path` → `email`). Keys may hold dots, so the
 * longest key the path continues from wins.
 */
export function issueField(path: string, keys: readonly string[]): string | undefined {
  const match = /(?:^|\.)fields\./.exec(path);
  if (!match) return undefined;
  const rest = path.slice(match.index + match[0].length);
  let best: string | undefined;
  for (const key of keys) {
    const follows = rest === key || rest.startsWith(`${key}.`) || rest.startsWith(`${key}[`);
    if (follows && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

/** An engine message as a sentence: "is required …" reads after the field's label. */
export function issueText(field: TargetField | undefined, message: string): string {
  const text = field && /^(is|are|has|must|cannot|should)\b/.test(message) ? `${targetLabel(field)} ${message}` : message;
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * Issues sorted onto the fields they concern. A field whose messages are unchanged keeps its array from `previous`,
 * so only rows whose issues changed render again.
 */
export function groupIssues(
  issues: readonly MappingIssue[],
  fields: readonly TargetField[],
  previous: GroupedIssues | undefined,
): GroupedIssues {
  const keys = fields.map((field) => field.key);
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const issue of issues) {
    const key = issueField(issue.path, keys);
    const text = issueText(fields.find((field) => field.key === key), issue.message);
    if (key === undefined) other.push(text);
    else byField.set(key, [...(byField.get(key) ?? []), text]);
  }
  const same = (a: readonly string[] | undefined, b: readonly string[]) =>
    a !== undefined && a.length === b.length && a.every((text, index) => text === b[index]);
  // Keys come from the host's schema: no prototype, so `__proto__` or `constructor` is just a key.
  const stable = Object.create(null) as Record<string, readonly string[]>;
  for (const [key, messages] of byField) {
    const before = previous && Object.hasOwn(previous.byField, key) ? previous.byField[key] : undefined;
    stable[key] = before && same(before, messages) ? before : messages;
  }
  return {
    byField: stable,
    other: previous && same(previous.other, other) ? previous.other : other.length ? other : NO_ISSUES,
  };
}

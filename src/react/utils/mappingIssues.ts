import type { TargetField } from '../../engine/index.ts';
import { own, targetLabel } from './mappingForm.ts';

export interface MappingIssue {
  path: string;
  message: string;
}

export interface GroupedIssues {
  /** Messages by target field key. */
  issues: Readonly<Record<string, readonly string[]>>;
  /** Messages that concern no one field. */
  otherIssues: readonly string[];
}

export const NO_ISSUES: readonly string[] = [];

/**
 * The target field an issue's path points into (`mapping.fields.email.path` → `email`). Keys may hold dots, so the
 * longest key the path continues from wins.
 */
function issueField(path: string, fields: readonly TargetField[]): TargetField | undefined {
  const match = /(?:^|\.)fields\./.exec(path);
  const rest = match ? path.slice(match.index + match[0].length) : undefined;
  let best: TargetField | undefined;
  for (const field of fields) {
    const { key } = field;
    if (rest?.startsWith(key) && '.['.includes(rest[key.length] ?? '.') && !(best && best.key.length >= key.length)) best = field;
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
  previous: GroupedIssues,
): GroupedIssues {
  // Keys come from the host's schema: no prototype, so `__proto__` or `constructor` is just a key.
  const byField = Object.create(null) as Record<string, readonly string[]>;
  const other: string[] = [];
  for (const { path, message } of issues) {
    const field = issueField(path, fields);
    const text = issueText(field, message);
    if (field) byField[field.key] = [...(byField[field.key] ?? []), text];
    else other.push(text);
  }
  const stable = (before: readonly string[] | undefined, now: readonly string[]) =>
    before && JSON.stringify(before) === JSON.stringify(now) ? before : now;
  for (const key in byField) byField[key] = stable(own(previous.issues, key), byField[key]!);
  return { issues: byField, otherIssues: stable(previous.otherIssues, other.length ? other : NO_ISSUES) };
}

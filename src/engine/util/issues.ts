import { TributaryError, type ValidationIssue } from '../errors.ts';

/** The parts of a zod issue this module reads; zod's own type is wider. */
interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  options?: unknown[];
  values?: unknown[];
  keys?: string[];
  input?: unknown;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

function describe(issue: SchemaIssue): string {
  if (issue.message !== 'Invalid input' && !issue.message.startsWith('Invalid input:')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required (${issue.expected ?? 'value'})` : `must be ${issue.expected ?? 'of another type'}`;
    case 'invalid_union':
      return issue.options ? `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}` : 'matches none of the allowed shapes';
    case 'invalid_value':
      return issue.values ? `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : 'is not an allowed value';
    case 'invalid_format':
      return 'is not in the expected format';
    case 'unrecognized_keys':
      return `has unknown keys: ${(issue.keys ?? []).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Turns schema issues into `{ path, message }` pairs a person can act on. */
export function toValidationIssues(issues: readonly SchemaIssue[], prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: describe(issue) }));
}

/** A `config` error whose message lists every issue with its path, and which carries them too. */
export function invalidError(code: string, lead: string, issues: ValidationIssue[]): TributaryError {
  return new TributaryError({
    code,
    class: 'config',
    message: `${lead}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
    issues,
  });
}

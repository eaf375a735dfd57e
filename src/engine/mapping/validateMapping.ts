import type { ValidationIssue } from '../errors.ts';
import { MAX_PATH_SEGMENTS, parsePath } from '../util/path.ts';
import { COERCIONS, FieldFailure, converterFor } from './coerce.ts';
import type { Coercion, FieldMapping, TargetSchema } from './mapping.types.ts';
import { parseTemplate } from './template.ts';

/** Expressions nest at most this deep (a field's own expression is level 1), so no mapping can exhaust the stack. */
export const MAX_EXPRESSION_DEPTH = 16;

/** The key that names each kind of expression. */
export const EXPRESSION_KINDS = ['path', 'constant', 'template', 'firstOf', 'lookup', 'cases'] as const;
export type ExpressionKind = (typeof EXPRESSION_KINDS)[number];

/** The keys each kind takes besides its own. */
const EXTRA_KEYS: Record<ExpressionKind, readonly string[]> = {
  path: ['as'],
  constant: [],
  template: ['as'],
  firstOf: ['as'],
  lookup: ['as'],
  cases: ['as', 'otherwise'],
};

const PATH_HINT = `(use a.b[0].c, or a[*].b for every element of a list; no __proto__, prototype or constructor; at most ${MAX_PATH_SEGMENTS} steps)`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** The one kind key an expression has, or why it has not exactly one. */
export function kindOf(expression: Record<string, unknown>): ExpressionKind | string {
  const kinds = EXPRESSION_KINDS.filter((kind) => Object.hasOwn(expression, kind));
  if (kinds.length === 1) return kinds[0] as ExpressionKind;
  return kinds.length === 0
    ? `must have one of ${EXPRESSION_KINDS.join(', ')}`
    : `must have only one of ${EXPRESSION_KINDS.join(', ')}, not ${kinds.join(' and ')}`;
}

function isKind(kind: string): kind is ExpressionKind {
  return (EXPRESSION_KINDS as readonly string[]).includes(kind);
}

function pathIssue(path: unknown, at: string): ValidationIssue[] {
  if (typeof path !== 'string') return [{ path: at, message: 'must be text' }];
  return path !== '' && parsePath(path, { each: true }) ? [] : [{ path: at, message: `"${path}" is not a valid source path ${PATH_HINT}` }];
}

/**
 * Whether a fixed value (a constant, a lookup table's entry) survives the
 * coercions around it, innermost first; the issue when it does not.
 */
function scalarIssues(value: unknown, at: string, coercions: readonly Coercion[]): ValidationIssue[] {
  if (!isScalar(value)) return [{ path: at, message: 'must be text, a finite number, true, false or null' }];
  let current: unknown = value;
  for (const as of coercions) {
    current = converterFor(as)(current);
    if (current instanceof FieldFailure) return [{ path: at, message: `${current.message} (the value goes through "as": "${as}")` }];
    if (current === undefined) break;
  }
  return [];
}

function conditionIssues(when: unknown, at: string): ValidationIssue[] {
  if (!isRecord(when)) return [{ path: at, message: 'must be a condition: { path, equals | in | exists }' }];
  const issues = pathIssue(when.path, `${at}.path`);
  const tests = ['equals', 'in', 'exists'].filter((key) => Object.hasOwn(when, key) && when[key] !== undefined);
  if (tests.length !== 1) {
    issues.push({ path: at, message: tests.length === 0 ? 'must have one of equals, in, exists' : `must have only one of equals, in, exists, not ${tests.join(' and ')}` });
  }
  for (const key of Object.keys(when)) {
    if (!['path', 'equals', 'in', 'exists'].includes(key)) issues.push({ path: `${at}.${key}`, message: 'is not part of a condition' });
  }
  if (Object.hasOwn(when, 'equals') && when.equals !== undefined && !isScalar(when.equals)) {
    issues.push({ path: `${at}.equals`, message: 'must be text, a finite number, true, false or null' });
  }
  if (Object.hasOwn(when, 'in') && when.in !== undefined) {
    if (!Array.isArray(when.in) || when.in.length === 0) issues.push({ path: `${at}.in`, message: 'must list at least one value' });
    else when.in.forEach((item, index) => isScalar(item) || issues.push({ path: `${at}.in[${index}]`, message: 'must be text, a finite number, true, false or null' }));
  }
  if (Object.hasOwn(when, 'exists') && when.exists !== undefined && typeof when.exists !== 'boolean') {
    issues.push({ path: `${at}.exists`, message: 'must be true or false' });
  }
  return issues;
}

function lookupIssues(lookup: unknown, at: string, depth: number, coercions: readonly Coercion[]): ValidationIssue[] {
  if (!isRecord(lookup)) return [{ path: at, message: 'must be { value, table, otherwise?, ignoreCase? }' }];
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(lookup)) {
    if (!['value', 'table', 'otherwise', 'ignoreCase'].includes(key)) issues.push({ path: `${at}.${key}`, message: 'is not part of a lookup' });
  }
  // The value looked up is not coerced by what surrounds the lookup: the table's entries are.
  if (!Object.hasOwn(lookup, 'value')) issues.push({ path: `${at}.value`, message: 'is required: the expression whose value is looked up' });
  else issues.push(...expressionIssues(lookup.value, `${at}.value`, depth + 1, []));
  const { table } = lookup;
  if (!isRecord(table)) {
    issues.push({ path: `${at}.table`, message: 'must be an object of value → value' });
  } else {
    const keys = Object.keys(table);
    if (keys.length === 0) issues.push({ path: `${at}.table`, message: 'must have at least one entry' });
    const folded = new Map<string, string>();
    for (const key of keys) {
      issues.push(...scalarIssues(table[key], `${at}.table.${key}`, coercions));
      if (lookup.ignoreCase !== true) continue;
      const lower = key.toLowerCase();
      const other = folded.get(lower);
      if (other !== undefined && table[other] !== table[key]) {
        issues.push({ path: `${at}.table`, message: `keys "${other}" and "${key}" are the same when case is ignored, but give different values` });
      }
      folded.set(lower, key);
    }
  }
  if (Object.hasOwn(lookup, 'otherwise') && lookup.otherwise !== undefined) issues.push(...scalarIssues(lookup.otherwise, `${at}.otherwise`, coercions));
  if (Object.hasOwn(lookup, 'ignoreCase') && lookup.ignoreCase !== undefined && typeof lookup.ignoreCase !== 'boolean') {
    issues.push({ path: `${at}.ignoreCase`, message: 'must be true or false' });
  }
  return issues;
}

/**
 * Problems in one expression, each with its path under `at`. `coercions`
 * are the `as` of the expressions around it, innermost first: a constant
 * inside them must survive them.
 */
function expressionIssues(expression: unknown, at: string, depth: number, coercions: readonly Coercion[]): ValidationIssue[] {
  if (!isRecord(expression)) return [{ path: at, message: 'must be an expression: { path }, { constant }, { template }, { firstOf }, { lookup } or { cases }' }];
  if (depth > MAX_EXPRESSION_DEPTH) return [{ path: at, message: `nests expressions more than ${MAX_EXPRESSION_DEPTH} deep` }];
  const kind = kindOf(expression);
  if (!isKind(kind)) return [{ path: at, message: kind }];
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(expression)) {
    if (key !== kind && !EXTRA_KEYS[kind].includes(key)) {
      issues.push({ path: `${at}.${key}`, message: kind === 'constant' && key === 'as' ? 'does not apply to a constant: write the constant as the value wanted' : `is not part of a ${kind} expression` });
    }
  }
  let inner = coercions;
  if (Object.hasOwn(expression, 'as') && expression.as !== undefined && kind !== 'constant') {
    const as = expression.as;
    if (typeof as === 'string' && (COERCIONS as readonly string[]).includes(as)) inner = [as as Coercion, ...coercions];
    else issues.push({ path: `${at}.as`, message: `must be one of ${COERCIONS.join(', ')}` });
  }
  switch (kind) {
    case 'path':
      issues.push(...pathIssue(expression.path, `${at}.path`));
      break;
    case 'constant':
      issues.push(...scalarIssues(expression.constant, `${at}.constant`, coercions));
      break;
    case 'template': {
      const template = expression.template;
      if (typeof template !== 'string') {
        issues.push({ path: `${at}.template`, message: 'must be text' });
        break;
      }
      for (const part of parseTemplate(template)) {
        if ('path' in part && (part.path === '' || !parsePath(part.path, { each: true }))) {
          issues.push({ path: `${at}.template`, message: `placeholder "{{${part.path}}}" is not a valid source path ${PATH_HINT}` });
        }
      }
      break;
    }
    case 'firstOf': {
      const choices = expression.firstOf;
      if (!Array.isArray(choices) || choices.length === 0) issues.push({ path: `${at}.firstOf`, message: 'must list at least one expression' });
      else choices.forEach((choice, index) => issues.push(...expressionIssues(choice, `${at}.firstOf[${index}]`, depth + 1, inner)));
      break;
    }
    case 'lookup':
      issues.push(...lookupIssues(expression.lookup, `${at}.lookup`, depth, inner));
      break;
    case 'cases': {
      const cases = expression.cases;
      if (!Array.isArray(cases) || cases.length === 0) {
        issues.push({ path: `${at}.cases`, message: 'must list at least one case' });
      } else {
        cases.forEach((item, index) => {
          const where = `${at}.cases[${index}]`;
          if (!isRecord(item)) {
            issues.push({ path: where, message: 'must be { when, then }' });
            return;
          }
          for (const key of Object.keys(item)) if (key !== 'when' && key !== 'then') issues.push({ path: `${where}.${key}`, message: 'is not part of a case' });
          issues.push(...conditionIssues(item.when, `${where}.when`));
          if (!Object.hasOwn(item, 'then')) issues.push({ path: `${where}.then`, message: 'is required: the expression that gives the value' });
          else issues.push(...expressionIssues(item.then, `${where}.then`, depth + 1, inner));
        });
      }
      if (Object.hasOwn(expression, 'otherwise') && expression.otherwise !== undefined) {
        issues.push(...expressionIssues(expression.otherwise, `${at}.otherwise`, depth + 1, inner));
      }
      break;
    }
    default:
      kind satisfies never;
  }
  return issues;
}

/** Problems in one field's expression, with their paths under `at` (e.g. `mapping.fields.name`). */
export function checkExpression(expression: unknown, at: string): ValidationIssue[] {
  return expressionIssues(expression, at, 1, []);
}

/**
 * What the checks accept: a {@link FieldMapping}, or anything shaped like one
 * that has yet to be checked (a schema's output, JSON from a store).
 */
export interface UncheckedMapping {
  fields: Record<string, unknown>;
  onError?: unknown;
}

/** Problems in a mapping's own expressions, with their paths under `prefix`. */
export function checkMapping(mapping: FieldMapping | UncheckedMapping, prefix = 'mapping'): ValidationIssue[] {
  const raw: unknown = mapping;
  if (!isRecord(raw) || !isRecord(raw.fields)) return [{ path: `${prefix}.fields`, message: 'must be an object of target field → expression' }];
  const issues = Object.entries(raw.fields).flatMap(([field, expression]) => checkExpression(expression, `${prefix}.fields.${field}`));
  if (raw.onError !== undefined && raw.onError !== 'skip' && raw.onError !== 'null') {
    issues.push({ path: `${prefix}.onError`, message: 'must be "skip" or "null"' });
  }
  return issues;
}

/** Problems in a mapping against the host's target schema: unknown fields and required ones left unmapped. */
export function checkMappingAgainst(mapping: FieldMapping | UncheckedMapping, target: TargetSchema, prefix = 'mapping'): ValidationIssue[] {
  const known = new Set(target.fields.map((field) => field.key));
  const issues = checkMapping(mapping, prefix);
  for (const field of Object.keys(mapping.fields)) {
    if (!known.has(field)) issues.push({ path: `${prefix}.fields.${field}`, message: 'is not a field of the target schema' });
  }
  for (const field of target.fields) {
    if (field.required && !Object.hasOwn(mapping.fields, field.key)) {
      issues.push({ path: `${prefix}.fields.${field.key}`, message: 'is required by the target schema but not mapped' });
    }
  }
  return issues;
}

import type { ValidationIssue } from '../errors.ts';
import { parsePath } from '../util/path.ts';
import type { FieldExpression, FieldMapping, TargetSchema } from './mapping.types.ts';
import { parseTemplate } from './template.ts';

function expressionIssues(expression: FieldExpression, at: string): ValidationIssue[] {
  if ('path' in expression) {
    return parsePath(expression.path) && expression.path !== ''
      ? []
      : [{ path: `${at}.path`, message: `"${expression.path}" is not a valid source path` }];
  }
  if ('template' in expression) {
    return parseTemplate(expression.template)
      .filter((part) => 'path' in part && !part.segments)
      .map((part) => ({ path: `${at}.template`, message: `placeholder "{{${'path' in part ? part.path : ''}}}" is not a valid source path` }));
  }
  return [];
}

/** Problems in a mapping's own expressions, with their paths under `prefix`. */
export function checkMapping(mapping: FieldMapping, prefix = 'mapping'): ValidationIssue[] {
  return Object.entries(mapping.fields).flatMap(([field, expression]) =>
    expressionIssues(expression, `${prefix}.fields.${field}`),
  );
}

/** Problems in a mapping against the host's target schema: unknown fields and required ones left unmapped. */
export function checkMappingAgainst(mapping: FieldMapping, target: TargetSchema, prefix = 'mapping'): ValidationIssue[] {
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

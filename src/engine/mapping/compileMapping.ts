import { getAt, parsePath, type PathSegment } from '../util/path.ts';
import type { CompiledMapping, FieldError, FieldMapping, TargetSchema } from './mapping.types.ts';
import { parseTemplate } from './template.ts';

type Getter = (record: unknown) => unknown;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function pathGetter(segments: PathSegment[]): Getter {
  return (record) => getAt(record, segments);
}

function templateGetter(template: string): Getter {
  const parts = parseTemplate(template);
  return (record) => {
    let text = '';
    let gap = false;
    for (const part of parts) {
      if ('text' in part) {
        text += part.text;
        continue;
      }
      const value = part.segments ? getAt(record, part.segments) : undefined;
      if (isEmpty(value) || typeof value === 'object') gap = true;
      else text += String(value);
    }
    // Only an empty placeholder leaves doubled or stray spaces to tidy.
    if (gap) text = text.replace(/\s+/g, ' ');
    text = text.trim();
    return text === '' ? undefined : text;
  };
}

/**
 * Compiles a mapping once into a plain function (no eval, so it runs under a
 * strict Content-Security-Policy). Assumes a mapping already validated.
 */
export function compileMapping(mapping: FieldMapping, target: TargetSchema): CompiledMapping {
  const required = new Set(target.fields.filter((field) => field.required).map((field) => field.key));
  // `special`: a key such as __proto__ is set with defineProperty, so it can never reach the prototype.
  const fields: { key: string; get: Getter; source: string; special: boolean }[] = [];
  const special = (key: string) => key === '__proto__' || key === 'constructor' || key === 'prototype';
  for (const [key, expression] of Object.entries(mapping.fields)) {
    if ('path' in expression) {
      const segments = parsePath(expression.path) ?? [];
      fields.push({ key, get: pathGetter(segments), source: `source field "${expression.path}"`, special: special(key) });
    } else if ('template' in expression) {
      fields.push({ key, get: templateGetter(expression.template), source: `template "${expression.template}"`, special: special(key) });
    } else {
      const value = expression.constant;
      fields.push({ key, get: () => value, source: 'constant', special: special(key) });
    }
  }
  const unmappedRequired = [...required].filter((key) => !fields.some((field) => field.key === key));

  return (record) => {
    const value: Record<string, unknown> = {};
    const errors: FieldError[] = unmappedRequired.map((field) => ({ field, message: 'is required but not mapped' }));
    for (const field of fields) {
      const result = field.get(record);
      if (isEmpty(result)) {
        if (required.has(field.key)) errors.push({ field: field.key, message: `is required but ${field.source} is empty` });
        continue;
      }
      if (field.special) Object.defineProperty(value, field.key, { value: result, enumerable: true, writable: true, configurable: true });
      else value[field.key] = result;
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  };
}

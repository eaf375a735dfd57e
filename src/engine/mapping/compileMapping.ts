import { compileGetter, parsePath, type Getter } from '../util/path.ts';
import type { CompiledMapping, FieldError, FieldMapping, TargetSchema } from './mapping.types.ts';
import { parseTemplate } from './template.ts';

/** A string is blank when trimming empties it; one starting with a visible ASCII character never is. */
function isBlank(value: string): boolean {
  const first = value.charCodeAt(0);
  return !(first > 32 && first < 127) && value.trim() === '';
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && isBlank(value));
}

/** Printable ASCII, never whitespace: a quick "no trimming needed here". */
function visible(code: number): boolean {
  return code > 32 && code < 127;
}

function templateGetter(template: string): Getter {
  // Literal text as strings, placeholders as readers (an empty placeholder reads nothing).
  const parts = parseTemplate(template).map((part): string | Getter => ('text' in part ? part.text : part.segments ? compileGetter(part.segments) : () => undefined));
  return (record) => {
    let text = '';
    let gap = false;
    // The first and last pieces, to tell without trimming whether trimming would change anything.
    let head = '';
    let tail = '';
    for (const part of parts) {
      const value = typeof part === 'string' ? part : part(record);
      if (typeof part !== 'string' && (isEmpty(value) || typeof value === 'object')) {
        gap = true;
        continue;
      }
      const piece = typeof value === 'string' ? value : String(value);
      if (piece === '') continue;
      if (head === '') head = piece;
      tail = piece;
      text += piece;
    }
    // Only an empty placeholder leaves doubled or stray spaces to tidy.
    if (gap) text = text.replace(/\s+/g, ' ');
    if (gap || !visible(head.charCodeAt(0)) || !visible(tail.charCodeAt(tail.length - 1))) text = text.trim();
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
  const fields: { key: string; get: Getter; source: string; special: boolean; required: boolean }[] = [];
  const special = (key: string) => key === '__proto__' || key === 'constructor' || key === 'prototype';
  for (const [key, expression] of Object.entries(mapping.fields)) {
    const common = { key, special: special(key), required: required.has(key) };
    if ('path' in expression) {
      fields.push({ ...common, get: compileGetter(parsePath(expression.path) ?? []), source: `source field "${expression.path}"` });
    } else if ('template' in expression) {
      fields.push({ ...common, get: templateGetter(expression.template), source: `template "${expression.template}"` });
    } else {
      const value = expression.constant;
      fields.push({ ...common, get: () => value, source: 'constant' });
    }
  }
  const unmappedRequired = [...required].filter((key) => !fields.some((field) => field.key === key));

  return (record) => {
    const value: Record<string, unknown> = {};
    // Allocated only for a record that has something wrong with it.
    let errors: FieldError[] | undefined = unmappedRequired.length > 0 ? unmappedRequired.map((field) => ({ field, message: 'is required but not mapped' })) : undefined;
    for (const field of fields) {
      const result = field.get(record);
      if (isEmpty(result)) {
        if (field.required) (errors ??= []).push({ field: field.key, message: `is required but ${field.source} is empty` });
        continue;
      }
      if (field.special) Object.defineProperty(value, field.key, { value: result, enumerable: true, writable: true, configurable: true });
      else value[field.key] = result;
    }
    return errors ? { ok: false, errors } : { ok: true, value };
  };
}

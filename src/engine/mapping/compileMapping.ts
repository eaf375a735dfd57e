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
  const parts = parseTemplate(template).map((part) =>
    'text' in part ? () => part.text : (record: unknown) => {
      const value = part.segments ? getAt(record, part.segments) : undefined;
      return isEmpty(value) || typeof value === 'object' ? '' : String(value);
    },
  );
  return (record) => {
    const text = parts.map((part) => part(record)).join('').replace(/\s+/g, ' ').trim();
    return text === '' ? undefined : text;
  };
}

/**
 * Compiles a mapping once into a plain function (no eval, so it runs under a
 * strict Content-Security-Policy). Assumes a mapping already validated.
 */
export function compileMapping(mapping: FieldMapping, target: TargetSchema): CompiledMapping {
  const required = new Set(target.fields.filter((field) => field.required).map((field) => field.key));
  const fields: { key: string; get: Getter; source: string }[] = [];
  for (const [key, expression] of Object.entries(mapping.fields)) {
    if ('path' in expression) {
      const segments = parsePath(expression.path) ?? [];
      fields.push({ key, get: pathGetter(segments), source: `source field "${expression.path}"` });
    } else if ('template' in expression) {
      fields.push({ key, get: templateGetter(expression.template), source: `template "${expression.template}"` });
    } else {
      const value = expression.constant;
      fields.push({ key, get: () => value, source: 'constant' });
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
      // defineProperty, so a target key such as __proto__ can never reach the prototype.
      Object.defineProperty(value, field.key, { value: result, enumerable: true, writable: true, configurable: true });
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  };
}

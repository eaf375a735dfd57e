import { READ_SITES, compileGetter, mapsOverArray, parsePath, readOwnAt, type Getter, type MappingSegment } from '../util/path.ts';
import { FieldFailure, converterFor, describeValue, isEmptyValue } from './coerce.ts';
import type { CompiledMapping, Condition, FieldError, FieldExpression, FieldMapping, LookupExpression, MappingResult, Scalar, TargetSchema } from './mapping.types.ts';
import { parseTemplate } from './template.ts';
import { checkExpression } from './validateMapping.ts';

/**
 * A compiled expression: the value (undefined when empty) or a
 * {@link FieldFailure}. Only expressions that can fail ever return one.
 */
type Evaluate = Getter;

interface Compiled {
  evaluate: Evaluate;
  /**
   * Whether it gives undefined rather than blank text when empty (a template):
   * the record loop then needs no blank check, which would read, and so
   * flatten, the text the template joined.
   */
  neverBlank?: boolean;
  /** Whether it can return a FieldFailure; the record loop checks only these. */
  canFail: boolean;
  /** What it reads, for "is required but … is empty". */
  source: string;
}

const isEmpty = isEmptyValue;

/** Printable ASCII, never whitespace: a quick "no trimming needed here". */
function visible(code: number): boolean {
  return code > 32 && code < 127;
}

/** A list's non-empty elements, or undefined when none is left. */
function nonEmptyList(values: unknown): unknown {
  if (!Array.isArray(values)) return values;
  const kept = values.filter((value) => !isEmpty(value));
  return kept.length === 0 ? undefined : kept;
}

/** The key of a one-step path (`email`, not `a.b`, `[0]` or `[*]`), else undefined. */
function oneStepKey(segments: readonly MappingSegment[] | undefined): string | undefined {
  return segments?.length === 1 && typeof segments[0] === 'string' ? segments[0] : undefined;
}

/**
 * Hands out read sites (see READ_SITES) to a mapping's one-step reads in turn,
 * so each field, and each template placeholder, reads at a site of its own.
 */
class Sites {
  #next = 0;
  take(): number {
    const site = this.#next % READ_SITES;
    this.#next += 1;
    return site;
  }
}

/** The output's property writes, spread over sites for the same reason as reads (see READ_SITES). */
function writeAt(site: number, target: Record<string, unknown>, key: string, value: unknown): void {
  // Sixteen copies of one write, on purpose.
  switch (site % READ_SITES) {
    case 0: target[key] = value; return;
    case 1: target[key] = value; return;
    case 2: target[key] = value; return;
    case 3: target[key] = value; return;
    case 4: target[key] = value; return;
    case 5: target[key] = value; return;
    case 6: target[key] = value; return;
    case 7: target[key] = value; return;
    case 8: target[key] = value; return;
    case 9: target[key] = value; return;
    case 10: target[key] = value; return;
    case 11: target[key] = value; return;
    case 12: target[key] = value; return;
    case 13: target[key] = value; return;
    case 14: target[key] = value; return;
    default: target[key] = value;
  }
}

/** The reader of a mapping path: a `[*]` path gives the list of its non-empty values. */
function pathReader(path: string, sites: Sites): Getter {
  const segments = parsePath(path, { each: true }) ?? [];
  const get = compileGetter(segments, oneStepKey(segments) !== undefined ? sites.take() : undefined);
  return mapsOverArray(segments) ? (record) => nonEmptyList(get(record)) : get;
}

/** A placeholder's reader: a `[*]` placeholder reads as its scalar values joined with ", ". */
function placeholderReader(path: string): Getter {
  const segments = parsePath(path, { each: true });
  if (!segments || path === '') return () => undefined;
  const get = compileGetter(segments);
  if (!mapsOverArray(segments)) return get;
  return (record) => {
    const values = get(record);
    if (!Array.isArray(values)) return undefined;
    const texts = values.filter((value) => !isEmpty(value) && typeof value !== 'object').map(String);
    return texts.length === 0 ? undefined : texts.join(', ');
  };
}

function templateGetter(template: string, sites: Sites): Getter {
  // Literal text as strings; placeholders as a one-step path's key and read site, or a reader (an empty placeholder reads nothing).
  const parts = parseTemplate(template).map((part): string | { key: string; site: number } | Getter => {
    if ('text' in part) return part.text;
    const key = oneStepKey(parsePath(part.path, { each: true }));
    return key !== undefined ? { key, site: sites.take() } : placeholderReader(part.path);
  });
  return (record) => {
    let text = '';
    let gap = false;
    // The first and last pieces, to tell without trimming whether trimming would change anything.
    let head = '';
    let tail = '';
    for (const part of parts) {
      let piece: string;
      if (typeof part === 'string') piece = part;
      else {
        const value = typeof part === 'function' ? part(record) : readOwnAt(part.site, record, part.key);
        if (isEmpty(value) || typeof value === 'object') {
          gap = true;
          continue;
        }
        piece = typeof value === 'string' ? value : String(value);
      }
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

/** A value as a lookup key or a condition's operand: text, number and boolean as text; anything else has none. */
function keyText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Whether a value equals a condition's operand: `null` matches an empty value, the rest compare as text. */
function equalsScalar(value: unknown, expected: Scalar): boolean {
  if (expected === null) return isEmpty(value);
  if (value === expected) return true;
  const text = keyText(value);
  return text !== undefined && text === String(expected);
}

/** A condition's test of a record. */
function conditionTest(when: Condition, sites: Sites): (record: unknown) => boolean {
  const read = pathReader(when.path, sites);
  if ('exists' in when && when.exists !== undefined) {
    const exists = when.exists;
    return (record) => !isEmpty(read(record)) === exists;
  }
  const options: readonly Scalar[] = 'in' in when && when.in !== undefined ? when.in : [(when as { equals: Scalar }).equals];
  const holds = (value: unknown) => options.some((option) => equalsScalar(value, option));
  // A list (a `[*]` path, or a path to one) holds when any of its elements does.
  return (record) => {
    const value = read(record);
    return Array.isArray(value) ? value.some(holds) : holds(value);
  };
}

function lookupOf(lookup: LookupExpression['lookup'], sites: Sites): Compiled {
  const value = compileExpression(lookup.value, sites);
  const ignoreCase = lookup.ignoreCase === true;
  // A Map of own entries: no key a record holds (`__proto__`, `constructor`) can reach a prototype.
  const table = new Map<string, Scalar>();
  for (const key of Object.keys(lookup.table)) table.set(ignoreCase ? key.toLowerCase() : key, lookup.table[key] as Scalar);
  const hasOtherwise = lookup.otherwise !== undefined;
  const otherwise = lookup.otherwise ?? null;
  const find = (item: unknown): unknown => {
    const text = keyText(item);
    if (text === undefined) return new FieldFailure(`cannot be looked up: ${describeValue(item)}`);
    const key = ignoreCase ? text.toLowerCase() : text;
    if (table.has(key)) return table.get(key);
    return hasOtherwise ? otherwise : new FieldFailure(`has ${describeValue(item)}, which is not in its lookup table`);
  };
  const evaluate: Evaluate = (record) => {
    const input = value.evaluate(record);
    if (input instanceof FieldFailure) return input;
    if (isEmpty(input)) return hasOtherwise ? otherwise : undefined;
    if (!Array.isArray(input)) return find(input);
    // A list is looked up element by element.
    const out: unknown[] = [];
    for (const item of input) {
      const found = find(item);
      if (found instanceof FieldFailure) return found;
      if (!isEmpty(found)) out.push(found);
    }
    return out.length === 0 ? undefined : out;
  };
  return { evaluate, canFail: true, source: 'its lookup' };
}

/** Compiles one expression (already validated, so of bounded depth) into a closure, its coercion last. */
function compileExpression(expression: FieldExpression, sites: Sites): Compiled {
  const compiled = compileBare(expression, sites);
  const as = 'as' in expression ? expression.as : undefined;
  if (as === undefined) return compiled;
  const convert = converterFor(as);
  const inner = compiled.evaluate;
  const evaluate: Evaluate = compiled.canFail
    ? (record) => {
        const value = inner(record);
        return value instanceof FieldFailure ? value : convert(value);
      }
    : (record) => convert(inner(record));
  return { evaluate, canFail: true, source: compiled.source };
}

function compileBare(expression: FieldExpression, sites: Sites): Compiled {
  if ('path' in expression) return { evaluate: pathReader(expression.path, sites), canFail: false, source: `source field "${expression.path}"` };
  if ('template' in expression) return { evaluate: templateGetter(expression.template, sites), neverBlank: true, canFail: false, source: `template "${expression.template}"` };
  if ('constant' in expression) {
    const value = isEmpty(expression.constant) ? undefined : expression.constant;
    return { evaluate: () => value, canFail: false, source: 'constant' };
  }
  if ('firstOf' in expression) {
    const choices = expression.firstOf.map((choice) => compileExpression(choice, sites));
    const evaluates = choices.map((choice) => choice.evaluate);
    // A choice that fails fails the field: the next choice is for an empty value, not a bad one.
    const evaluate: Evaluate = (record) => {
      for (const choose of evaluates) {
        const value = choose(record);
        if (value instanceof FieldFailure || !isEmpty(value)) return value;
      }
      return undefined;
    };
    return { evaluate, canFail: choices.some((choice) => choice.canFail), source: `each of its ${choices.length} choices` };
  }
  if ('lookup' in expression) return lookupOf(expression.lookup, sites);
  const cases = expression.cases.map((item) => ({ holds: conditionTest(item.when, sites), then: compileExpression(item.then, sites) }));
  const otherwise = expression.otherwise ? compileExpression(expression.otherwise, sites) : undefined;
  const tests = cases.map((item) => item.holds);
  const thens = cases.map((item) => item.then.evaluate);
  const fallback = otherwise?.evaluate;
  const evaluate: Evaluate = (record) => {
    for (let index = 0; index < tests.length; index += 1) {
      if ((tests[index] as (record: unknown) => boolean)(record)) return (thens[index] as Evaluate)(record);
    }
    return fallback ? fallback(record) : undefined;
  };
  return { evaluate, canFail: cases.some((item) => item.then.canFail) || otherwise?.canFail === true, source: 'its cases' };
}

interface CompiledField {
  key: string;
  evaluate: Evaluate;
  neverBlank: boolean;
  canFail: boolean;
  required: boolean;
  /** A key such as __proto__, set with defineProperty so it can never reach the prototype. */
  special: boolean;
  /** `is required but … is empty`, made once. */
  emptyMessage: string;
}

function isSpecial(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/**
 * Compiles a mapping once into a plain function (no eval, so it runs under a
 * strict Content-Security-Policy). A field whose expression does not validate
 * compiles to a field error on every record, so a mapping being edited still
 * maps the rest (and nothing invalid is ever compiled, however deep).
 */
export function compileMapping(mapping: FieldMapping, target: TargetSchema): CompiledMapping {
  const required = new Set(target.fields.filter((field) => field.required).map((field) => field.key));
  const nullOnError = mapping.onError === 'null';
  const fields: CompiledField[] = [];
  const invalid: FieldError[] = [];
  const sites = new Sites();
  for (const key of Object.keys(mapping.fields)) {
    const expression = mapping.fields[key] as FieldExpression;
    const issues = checkExpression(expression, key);
    if (issues.length > 0) {
      invalid.push({ field: key, message: `has an invalid expression: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}` });
      continue;
    }
    const compiled = compileExpression(expression, sites);
    fields.push({
      key,
      evaluate: compiled.evaluate,
      neverBlank: compiled.neverBlank === true,
      canFail: compiled.canFail,
      required: required.has(key),
      special: isSpecial(key),
      emptyMessage: `is required but ${compiled.source} is empty`,
    });
  }
  const fixed: FieldError[] = [
    ...invalid,
    ...[...required].filter((key) => !Object.hasOwn(mapping.fields, key)).map((field) => ({ field, message: 'is required but not mapped' })),
  ];
  const count = fields.length;

  return (record): MappingResult => {
    const value: Record<string, unknown> = {};
    // Allocated only for a record that has something wrong with it.
    let errors: FieldError[] | undefined = fixed.length > 0 ? [...fixed] : undefined;
    let nulled: FieldError[] | undefined;
    for (let index = 0; index < count; index += 1) {
      const field = fields[index] as CompiledField;
      let result = field.evaluate(record);
      if (field.canFail && result instanceof FieldFailure) {
        if (!nullOnError || field.required) {
          (errors ??= []).push({ field: field.key, message: result.message });
          continue;
        }
        (nulled ??= []).push({ field: field.key, message: result.message });
        result = null;
      } else if (field.neverBlank ? result === undefined : isEmpty(result)) {
        if (field.required) (errors ??= []).push({ field: field.key, message: field.emptyMessage });
        continue;
      }
      if (field.special) Object.defineProperty(value, field.key, { value: result, enumerable: true, writable: true, configurable: true });
      else writeAt(index, value, field.key, result);
    }
    if (errors) return { ok: false, errors };
    return nulled ? { ok: true, value, nulled } : { ok: true, value };
  };
}

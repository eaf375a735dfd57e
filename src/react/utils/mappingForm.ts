import * as z from 'zod/mini';
import { plural } from './format.ts';
import type {
  Coercion,
  Condition,
  FieldExpression,
  FieldMapping,
  FieldType,
  MappingErrorPolicy,
  Scalar,
  TargetField,
} from '../../engine/index.ts';

/** How a row gets its value; `keep` holds an expression the editor shows but does not edit (first of, cases …). */
export type MappingRowKind = 'path' | 'constant' | 'template' | 'lookup' | 'keep';

export interface LookupEntry {
  from: string;
  to: string;
}

/**
 * One target field's row. Every kind's input is kept while another kind is chosen, so switching back loses nothing;
 * only the chosen kind's inputs make the expression.
 */
export interface MappingRowValue {
  kind: MappingRowKind;
  /** The source path of a `path` row and the value a `lookup` row looks up; `''` leaves a path row unmapped. */
  path: string;
  /** `''`: no coercion. */
  as: Coercion | '';
  constant: string;
  template: string;
  entries: LookupEntry[];
  /** `''`: an unknown value is a field error. */
  otherwise: string;
  ignoreCase: boolean;
  /** A `keep` row's expression as JSON (opaque to the form library, which would otherwise walk into it). */
  kept: string;
}

/** Rows are addressed by index (`rows.3`): target keys may hold dots, which the form would read as paths. */
export interface MappingFormValues {
  rows: MappingRowValue[];
  onError: MappingErrorPolicy;
}

export type MappingRowName = `rows.${number}`;

export function rowName(index: number): MappingRowName {
  return `rows.${index}`;
}

export const EMPTY_ROW: MappingRowValue = {
  kind: 'path',
  path: '',
  as: '',
  constant: '',
  template: '',
  entries: [{ from: '', to: '' }],
  otherwise: '',
  ignoreCase: false,
  kept: '',
};

export function targetLabel(field: TargetField): string {
  return field.label ?? field.key;
}

function scalarText(value: Scalar): string {
  return value === null ? '' : String(value);
}

/** Text typed for a constant or a table value, as the target field's type wants it; `undefined` when it cannot be. */
export function textScalar(text: string, type: FieldType): Scalar | undefined {
  if (type === 'number') {
    const number = text.trim() === '' ? Number.NaN : Number(text);
    return Number.isFinite(number) ? number : undefined;
  }
  if (type === 'boolean') {
    const word = text.trim().toLowerCase();
    return word === 'true' ? true : word === 'false' ? false : undefined;
  }
  return text;
}

function withAs<T extends object>(expression: T, as: Coercion | ''): T & { as?: Coercion } {
  return as ? { ...expression, as } : expression;
}

/** The expression a row stands for; `undefined` when it leaves the field unmapped or cannot be made (yet). */
export function rowExpression(row: MappingRowValue, field: TargetField): FieldExpression | undefined {
  switch (row.kind) {
    case 'path':
      return row.path ? withAs({ path: row.path }, row.as) : undefined;
    case 'template':
      return row.template ? withAs({ template: row.template }, row.as) : undefined;
    case 'constant': {
      const constant = textScalar(row.constant, field.type);
      return constant === undefined || constant === '' ? undefined : { constant };
    }
    case 'lookup': {
      if (!row.path) return undefined;
      const table: Record<string, Scalar> = {};
      for (const entry of row.entries) {
        if (entry.from === '' && entry.to === '') continue;
        const to = textScalar(entry.to, field.type);
        if (to === undefined) return undefined;
        table[entry.from] = to;
      }
      const otherwise = row.otherwise === '' ? undefined : textScalar(row.otherwise, field.type);
      if (otherwise === undefined && row.otherwise !== '') return undefined;
      return withAs(
        {
          lookup: {
            value: { path: row.path },
            table,
            ...(otherwise !== undefined ? { otherwise } : {}),
            ...(row.ignoreCase ? { ignoreCase: true } : {}),
          },
        },
        row.as,
      );
    }
    case 'keep':
      return row.kept ? (JSON.parse(row.kept) as FieldExpression) : undefined;
    default:
      return row.kind satisfies never;
  }
}

function editableRow(expression: FieldExpression): MappingRowValue | undefined {
  const as = ('as' in expression && expression.as) || '';
  if ('path' in expression) return { ...EMPTY_ROW, path: expression.path, as };
  if ('template' in expression) return { ...EMPTY_ROW, kind: 'template', template: expression.template, as };
  if ('constant' in expression) return { ...EMPTY_ROW, kind: 'constant', constant: scalarText(expression.constant) };
  if ('lookup' in expression && 'path' in expression.lookup.value) {
    const { value, table, otherwise, ignoreCase } = expression.lookup;
    const entries = Object.entries(table).map(([from, to]) => ({ from, to: scalarText(to) }));
    return {
      ...EMPTY_ROW,
      kind: 'lookup',
      path: value.path,
      as,
      entries: entries.length > 0 ? entries : EMPTY_ROW.entries,
      otherwise: otherwise === undefined ? '' : scalarText(otherwise),
      ignoreCase: ignoreCase ?? false,
    };
  }
  return undefined;
}

/** JSON with sorted keys, so two expressions compare equal whatever order their keys came in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  ) ?? '';
}

/**
 * A row for an expression. One the editor's inputs would not give back exactly (a `firstOf`, a `cases`, a lookup of
 * a template, a constant of another type …) becomes a `keep` row, so saving never changes what it did not edit.
 */
export function toRowValue(expression: FieldExpression | undefined, field: TargetField): MappingRowValue {
  if (!expression) return EMPTY_ROW;
  const row = editableRow(expression);
  if (row && canonical(rowExpression(row, field)) === canonical(expression)) return row;
  return { ...EMPTY_ROW, kind: 'keep', kept: JSON.stringify(expression) };
}

export function toMappingFormValues(mapping: FieldMapping, fields: readonly TargetField[]): MappingFormValues {
  return {
    rows: fields.map((field) =>
      toRowValue(Object.hasOwn(mapping.fields, field.key) ? mapping.fields[field.key] : undefined, field),
    ),
    onError: mapping.onError ?? 'skip',
  };
}

/** The mapping the form stands for; target fields left unmapped are left out, and `skip` (the default) too. */
export function toFieldMapping(values: MappingFormValues, fields: readonly TargetField[]): FieldMapping {
  const mapped: Record<string, FieldExpression> = {};
  fields.forEach((field, index) => {
    const row = values.rows[index];
    const expression = row && rowExpression(row, field);
    if (expression) mapped[field.key] = expression;
  });
  return values.onError === 'null' ? { fields: mapped, onError: 'null' } : { fields: mapped };
}

/** Whether two rows make the same expression (what they hold for kinds not chosen does not count). */
export function sameRow(a: MappingRowValue | undefined, b: MappingRowValue | undefined, field: TargetField): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return canonical(rowExpression(a, field)) === canonical(rowExpression(b, field));
}

const UNCLOSED_PLACEHOLDER = /\{\{(?![^{}]*\}\})/;

/** What is wrong with a row, by the input it concerns. */
export function rowProblems(row: MappingRowValue, field: TargetField): [keyof MappingRowValue, string][] {
  const label = targetLabel(field);
  const typed = (text: string) => textScalar(text, field.type) !== undefined;
  const typeHint = field.type === 'number' ? 'a number' : 'true or false';
  switch (row.kind) {
    case 'path':
      return field.required && !row.path ? [['path', `${label} is required: choose a source field.`]] : [];
    case 'template':
      if (!row.template.trim()) return [['template', `Enter a template for ${label}.`]];
      return UNCLOSED_PLACEHOLDER.test(row.template) ? [['template', 'Close every {{ placeholder with }}.']] : [];
    case 'constant':
      if (!row.constant.trim()) return [['constant', `Enter a value for ${label}.`]];
      return typed(row.constant) ? [] : [['constant', `Enter ${typeHint}.`]];
    case 'lookup': {
      const problems: [keyof MappingRowValue, string][] = [];
      if (!row.path) problems.push(['path', 'Choose the source field to look up.']);
      const filled = row.entries.filter((entry) => entry.from !== '' || entry.to !== '');
      const keys = filled.map((entry) => (row.ignoreCase ? entry.from.toLowerCase() : entry.from));
      const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
      if (filled.length === 0) problems.push(['entries', 'Add at least one value to the table.']);
      else if (keys.includes('')) problems.push(['entries', 'Every value in the table needs a source value.']);
      else if (repeated !== undefined) problems.push(['entries', `"${repeated}" is in the table twice.`]);
      else if (!filled.every((entry) => typed(entry.to))) problems.push(['entries', `Each value must become ${typeHint}.`]);
      if (row.otherwise !== '' && !typed(row.otherwise)) problems.push(['otherwise', `Otherwise must be ${typeHint}.`]);
      return problems;
    }
    case 'keep':
      return [];
    default:
      return row.kind satisfies never;
  }
}

/**
 * Required fields mapped, and every row's chosen kind complete: the form's resolver and the preview's gate.
 * One refinement over the whole form keeps the zod schemas this kit bundles to `custom` and `superRefine`.
 */
export function mappingSchema(
  fields: readonly TargetField[],
): z.ZodMiniType<MappingFormValues, MappingFormValues> {
  return z.custom<MappingFormValues>().check(
    z.superRefine((values, ctx) => {
      if (values.onError !== 'skip' && values.onError !== 'null') {
        ctx.addIssue({ code: 'custom', message: 'Choose skip or null.', path: ['onError'], input: values.onError });
        return;
      }
      fields.forEach((field, index) => {
        const row = values.rows[index];
        if (!row) return;
        const problems = rowProblems(row, field);
        // One issue per row, on the row: the form library re-checks a field's own error on each change, not ones
        // nested inside its value. The row tells its inputs apart with `rowProblems` itself.
        if (problems.length > 0) {
          ctx.addIssue({ code: 'custom', message: problems.map(([, message]) => message).join(' '), path: ['rows', index], input: row });
        }
      });
    }),
  );
}

function describeCondition(condition: Condition): string {
  if ('equals' in condition) return `${condition.path} is ${JSON.stringify(condition.equals)}`;
  if ('in' in condition) return `${condition.path} is one of ${condition.in.map((value) => JSON.stringify(value)).join(', ')}`;
  return `${condition.path} ${condition.exists ? 'is present' : 'is missing'}`;
}

/** An expression in words, for the rows the editor shows read-only. */
export function describeExpression(expression: FieldExpression): string {
  const as = 'as' in expression && expression.as ? `, as ${expression.as}` : '';
  if ('path' in expression) return expression.path + as;
  if ('template' in expression) return `"${expression.template}"${as}`;
  if ('constant' in expression) return JSON.stringify(expression.constant);
  if ('firstOf' in expression) return `the first non-empty of ${expression.firstOf.map(describeExpression).join(', ')}${as}`;
  if ('lookup' in expression) {
    const count = Object.keys(expression.lookup.table).length;
    return `${describeExpression(expression.lookup.value)} looked up in a table of ${plural(count, 'value', 'values')}${as}`;
  }
  const cases = expression.cases.map((entry) => `when ${describeCondition(entry.when)}, ${describeExpression(entry.then)}`);
  if (expression.otherwise) cases.push(`otherwise ${describeExpression(expression.otherwise)}`);
  return cases.join('; ') + as;
}

/** A short name for a kept expression's kind, for the row's "keep" choice. */
export function expressionKindLabel(expression: FieldExpression): string {
  if ('firstOf' in expression) return 'first non-empty';
  if ('cases' in expression) return 'cases';
  if ('lookup' in expression) return 'lookup';
  if ('template' in expression) return 'template';
  if ('constant' in expression) return 'constant';
  return 'path';
}

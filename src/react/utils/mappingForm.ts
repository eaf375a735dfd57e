import { plural } from './format.ts';
import type { FormCheck } from './checkResolver.ts';
import type {
  Coercion,
  Condition,
  ConstantExpression,
  FieldExpression,
  FieldMapping,
  FieldType,
  LookupExpression,
  MappingErrorPolicy,
  PathExpression,
  Scalar,
  TargetField,
  TemplateExpression,
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

/** `record[key]` if it is the record's own. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function scalarText(value: Scalar | undefined): string {
  return value == null ? '' : String(value);
}

/** Text typed for a constant or a table value, as the target field's type wants it; `undefined` when it cannot be. */
export function textScalar(text: string, type: FieldType): Scalar | undefined {
  const word = text.trim();
  if (type === 'number') return word && Number.isFinite(+word) ? +word : undefined;
  if (type !== 'boolean') return text;
  const lower = word.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** The expression a row stands for; `undefined` when it leaves the field unmapped or cannot be made (yet). */
export function rowExpression(row: MappingRowValue, field: TargetField): FieldExpression | undefined {
  const { kind, path } = row;
  if (kind === 'keep') return row.kept ? (JSON.parse(row.kept) as FieldExpression) : undefined;
  if (kind === 'constant') {
    const constant = textScalar(row.constant, field.type);
    return constant === undefined || constant === '' ? undefined : { constant };
  }
  let expression: object;
  if (kind === 'lookup') {
    if (!path) return undefined;
    const table: Record<string, Scalar> = {};
    for (const { from, to } of row.entries) {
      if (from === '' && to === '') continue;
      const value = textScalar(to, field.type);
      if (value === undefined) return undefined;
      table[from] = value;
    }
    const otherwise = row.otherwise && textScalar(row.otherwise, field.type);
    if (otherwise === undefined) return undefined;
    expression = {
      lookup: {
        value: { path },
        table,
        ...(row.otherwise ? { otherwise } : {}),
        ...(row.ignoreCase ? { ignoreCase: true } : {}),
      },
    };
  } else {
    if (!row[kind]) return undefined;
    expression = { [kind]: row[kind] };
  }
  return (row.as ? { ...expression, as: row.as } : expression) as FieldExpression;
}

/** JSON with sorted keys, so two expressions compare equal whatever order their keys came in. */
export function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      inner && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
        : inner,
    ) ?? ''
  );
}

/**
 * A row for an expression. One the editor's inputs would not give back exactly (a `firstOf`, a `cases`, a lookup of
 * a template, a constant of another type …) becomes a `keep` row, so saving never changes what it did not edit.
 */
export function toRowValue(expression: FieldExpression | undefined, field: TargetField): MappingRowValue {
  if (!expression) return EMPTY_ROW;
  // Read as whichever kind it is; the check below turns anything the row does not give back into a `keep` row.
  const { path, template, constant, lookup, as = '' } = expression as Partial<
    PathExpression & TemplateExpression & ConstantExpression & LookupExpression
  >;
  const table = Object.entries(lookup?.table ?? {});
  const row: MappingRowValue = {
    kind: lookup ? 'lookup' : template !== undefined ? 'template' : constant !== undefined ? 'constant' : 'path',
    path: path ?? (lookup?.value as Partial<PathExpression> | undefined)?.path ?? '',
    as,
    constant: scalarText(constant),
    template: template ?? '',
    entries: table.length > 0 ? table.map(([from, to]) => ({ from, to: scalarText(to) })) : EMPTY_ROW.entries,
    otherwise: scalarText(lookup?.otherwise),
    ignoreCase: lookup?.ignoreCase ?? false,
    kept: '',
  };
  return canonical(rowExpression(row, field)) === canonical(expression)
    ? row
    : { ...EMPTY_ROW, kind: 'keep', kept: JSON.stringify(expression) };
}

export function toMappingFormValues(mapping: FieldMapping, fields: readonly TargetField[]): MappingFormValues {
  return {
    rows: fields.map((field) => toRowValue(own(mapping.fields, field.key), field)),
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
  return { fields: mapped, ...(values.onError === 'null' && { onError: 'null' }) };
}

/** Whether two rows make the same expression (what they hold for kinds not chosen does not count). */
export function sameRow(a: MappingRowValue | undefined, b: MappingRowValue | undefined, field: TargetField): boolean {
  return a === b || (!!a && !!b && canonical(rowExpression(a, field)) === canonical(rowExpression(b, field)));
}

const UNCLOSED_PLACEHOLDER = /\{\{(?![^{}]*\}\})/;

/** What is wrong with a row, by the input it concerns. */
export function rowProblems(row: MappingRowValue, field: TargetField): [keyof MappingRowValue, string][] {
  const { kind, path, template, constant, otherwise } = row;
  const label = targetLabel(field);
  const typed = (text: string) => textScalar(text, field.type) !== undefined;
  const typeHint = field.type === 'number' ? 'a number' : 'true or false';
  const filled = row.entries.filter((entry) => entry.from !== '' || entry.to !== '');
  const keys = filled.map((entry) => (row.ignoreCase ? entry.from.toLowerCase() : entry.from));
  const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
  const problems: [keyof MappingRowValue, string | false | undefined][] =
    kind === 'path'
      ? [['path', field.required && !path && `${label} is required: choose a source field.`]]
      : kind === 'template'
        ? [['template', !template.trim() ? `Enter a template for ${label}.` : UNCLOSED_PLACEHOLDER.test(template) && 'Close every {{ placeholder with }}.']]
        : kind === 'constant'
          ? [['constant', !constant.trim() ? `Enter a value for ${label}.` : !typed(constant) && `Enter ${typeHint}.`]]
          : kind === 'lookup'
            ? [
                ['path', !path && 'Choose the source field to look up.'],
                [
                  'entries',
                  filled.length === 0
                    ? 'Add at least one value to the table.'
                    : keys.includes('')
                      ? 'Every value in the table needs a source value.'
                      : repeated !== undefined
                        ? `"${repeated}" is in the table twice.`
                        : !filled.every((entry) => typed(entry.to)) && `Each value must become ${typeHint}.`,
                ],
                ['otherwise', otherwise !== '' && !typed(otherwise) && `Otherwise must be ${typeHint}.`],
              ]
            : [];
  return problems.filter((problem): problem is [keyof MappingRowValue, string] => !!problem[1]);
}

/** Required fields mapped, and every row's chosen kind complete: the form's resolver and the preview's gate. */
export function mappingCheck(fields: readonly TargetField[]): FormCheck<MappingFormValues> {
  return (values) => {
    if (values.onError !== 'skip' && values.onError !== 'null') return [['onError', 'Choose skip or null.']];
    // One problem per row, on the row: the form library re-checks a field's own error on each change, not ones
    // nested inside its value. The row tells its inputs apart with `rowProblems` itself.
    return fields.flatMap((field, index): [string, string][] => {
      const row = values.rows[index];
      const problems = row ? rowProblems(row, field) : [];
      return problems.length > 0 ? [[`rows.${index}`, problems.map(([, message]) => message).join(' ')]] : [];
    });
  };
}

function describeCondition(condition: Condition): string {
  if ('equals' in condition) return `${condition.path} is ${JSON.stringify(condition.equals)}`;
  if ('in' in condition) return `${condition.path} is one of ${condition.in.map((value) => JSON.stringify(value)).join(', ')}`;
  return `${condition.path} ${condition.exists ? 'is present' : 'is missing'}`;
}

/** An expression in words, for the rows the editor shows read-only. */
export function describeExpression(expression: FieldExpression): string {
  if ('constant' in expression) return JSON.stringify(expression.constant);
  const text =
    'path' in expression
      ? expression.path
      : 'template' in expression
        ? `"${expression.template}"`
        : 'firstOf' in expression
          ? `the first non-empty of ${expression.firstOf.map(describeExpression).join(', ')}`
          : 'lookup' in expression
            ? `${describeExpression(expression.lookup.value)} looked up in a table of ${plural(Object.keys(expression.lookup.table).length, 'value', 'values')}`
            : [
                ...expression.cases.map((entry) => `when ${describeCondition(entry.when)}, ${describeExpression(entry.then)}`),
                ...(expression.otherwise ? [`otherwise ${describeExpression(expression.otherwise)}`] : []),
              ].join('; ');
  return expression.as ? `${text}, as ${expression.as}` : text;
}

/** A short name for a kept expression's kind, for the row's "keep" choice. */
export function expressionKindLabel(expression: FieldExpression): string {
  const kind = ['firstOf', 'cases', 'lookup', 'template', 'constant'].find((key) => key in expression) ?? 'path';
  return kind === 'firstOf' ? 'first non-empty' : kind;
}

import * as z from 'zod/mini';
import type {
  FieldExpression,
  FieldMapping,
  FieldMappingState,
  SourceField,
  TargetField,
} from '../../engine/index.ts';

/**
 * One choice per target field, under `rowName(index)` (target keys may hold dots, which the form would read as paths):
 * `''` not mapped, `'keep'` the current template or constant, `path:<path>` a source path.
 */
export type MappingFormValues = Record<string, string>;

export function rowName(index: number): string {
  return `row${index}`;
}

export const NOT_MAPPED = '';
export const KEEP_EXPRESSION = 'keep';
const PATH_PREFIX = 'path:';

export function pathChoice(path: string): string {
  return PATH_PREFIX + path;
}

export function expressionChoice(expression: FieldExpression | undefined): string {
  if (!expression) return NOT_MAPPED;
  return 'path' in expression ? pathChoice(expression.path) : KEEP_EXPRESSION;
}

export function toMappingFormValues(state: FieldMappingState): MappingFormValues {
  return Object.fromEntries(
    state.target.fields.map((field, index) => [rowName(index), expressionChoice(state.mapping.fields[field.key])]),
  );
}

/** The expression one choice stands for; `kept` is the row's loaded template or constant. */
export function choiceExpression(choice: string, kept: FieldExpression | undefined): FieldExpression | undefined {
  if (choice.startsWith(PATH_PREFIX)) return { path: choice.slice(PATH_PREFIX.length) };
  return choice === KEEP_EXPRESSION ? kept : undefined;
}

/** The mapping the form's choices stand for; target fields left unmapped are left out. */
export function toFieldMapping(state: FieldMappingState, values: MappingFormValues): FieldMapping {
  const fields: Record<string, FieldExpression> = {};
  state.target.fields.forEach((field, index) => {
    const current = state.mapping.fields[field.key];
    const kept = current && !('path' in current) ? current : undefined;
    const expression = choiceExpression(values[rowName(index)] ?? NOT_MAPPED, kept);
    if (expression) fields[field.key] = expression;
  });
  return { fields };
}

export function targetLabel(field: TargetField): string {
  return field.label ?? field.key;
}

/** Required target fields must be mapped. */
export function mappingSchema(
  targetFields: readonly TargetField[],
): z.ZodMiniType<MappingFormValues, MappingFormValues> {
  return z.record(z.string(), z.string()).check(
    z.superRefine((values, ctx) => {
      targetFields.forEach((field, index) => {
        const choice = values[rowName(index)] ?? NOT_MAPPED;
        if (field.required && choice === NOT_MAPPED) {
          ctx.addIssue({
            code: 'custom',
            message: `${targetLabel(field)} is required: choose a source field.`,
            path: [rowName(index)],
            input: choice,
          });
        }
      });
    }),
  );
}

export interface ExpressionDescription {
  kind: 'path' | 'template' | 'constant';
  text: string;
}

export function describeExpression(expression: FieldExpression): ExpressionDescription {
  if ('path' in expression) return { kind: 'path', text: expression.path };
  if ('template' in expression) return { kind: 'template', text: expression.template };
  return { kind: 'constant', text: JSON.stringify(expression.constant) };
}

/** The source fields to offer, plus the mapped path if the app's field list lacks it. */
export function sourceOptions(
  sourceFields: readonly SourceField[],
  current: FieldExpression | undefined,
): { path: string; label?: string | undefined }[] {
  if (current && 'path' in current && !sourceFields.some((field) => field.path === current.path)) {
    return [...sourceFields, { path: current.path }];
  }
  return [...sourceFields];
}

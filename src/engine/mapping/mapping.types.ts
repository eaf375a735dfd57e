import type { FieldType } from '../connectors/connector.types.ts';

/** How one target field gets its value. Plain JSON: stored, validated, then compiled once. */
export type FieldExpression = PathExpression | ConstantExpression | TemplateExpression;

/** The value at a source path, e.g. `email` or `emails[0].value`. */
export interface PathExpression {
  path: string;
}
/** A fixed value. */
export interface ConstantExpression {
  constant: string | number | boolean | null;
}
/** Text with `{{path}}` placeholders, e.g. `{{first_name}} {{last_name}}`. */
export interface TemplateExpression {
  template: string;
}

/** Target field → expression. Fields left out are not sent. */
export interface FieldMapping {
  fields: Record<string, FieldExpression>;
}

/** A field of the host's own record schema. */
export interface TargetField {
  key: string;
  label?: string;
  type: FieldType;
  required?: boolean;
  description?: string;
}

/** The host's internal schema for one data model. */
export interface TargetSchema {
  fields: TargetField[];
}

export interface FieldError {
  field: string;
  message: string;
}

export type MappingResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; errors: FieldError[] };

export type CompiledMapping = (record: unknown) => MappingResult;

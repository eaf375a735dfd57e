import type { FieldType } from '../connectors/connector.types.ts';

/** A value a mapping can hold as it is: a constant, a lookup table's entry. */
export type Scalar = string | number | boolean | null;

/**
 * A coercion applied to an expression's value before it is delivered:
 * - `string`: numbers and booleans become text; objects are an error;
 * - `number`: finite numbers, and numeric text (trimmed); anything else is an error;
 * - `boolean`: true/false, 1/0 and the words true/false/yes/no/1/0 (any case);
 * - `date`: an ISO 8601 date-time (one without an offset is read as UTC), epoch seconds or epoch milliseconds
 *   (numbers, or numeric text: below 1e11 counts as seconds) → an ISO 8601 UTC string;
 * - `email`: trimmed and lower-cased, and it must look like an address.
 */
export type Coercion = 'string' | 'number' | 'boolean' | 'date' | 'email';

interface Coercible {
  /**
   * Converts the value; a value it cannot convert is a field error. An empty value (absent, null, blank text)
   * stays empty. A list (a `[*]` path) is converted element by element.
   */
  as?: Coercion;
}

/**
 * How one target field gets its value. Plain JSON: stored, validated, then
 * compiled once into a plain function (no eval).
 */
export type FieldExpression =
  | PathExpression
  | ConstantExpression
  | TemplateExpression
  | FirstOfExpression
  | LookupExpression
  | CaseExpression;

/**
 * The value at a source path, e.g. `email`, `address.city` or `emails[0].value`.
 * A `[*]` step maps over an array: `emails[*].value` gives every email's value
 * (empty ones left out; none at all reads as empty). Each `[*]` flattens one
 * level, so `people[*].phones[*]` is one list of every phone. Only own
 * properties are read; at most 64 steps.
 */
export interface PathExpression extends Coercible {
  path: string;
}
/** A fixed value; `null` is empty (not sent; an error for a required field). */
export interface ConstantExpression {
  constant: Scalar;
}
/**
 * Text with `{{path}}` placeholders, e.g. `{{first_name}} {{last_name}}`. An
 * empty placeholder is left out with the space it leaves; a `[*]` placeholder
 * gives its values joined with `, `.
 */
export interface TemplateExpression extends Coercible {
  template: string;
}
/** The first of several expressions whose value is not empty. A choice that fails (a bad value) fails the field. */
export interface FirstOfExpression extends Coercible {
  firstOf: FieldExpression[];
}
/** A value translated through a table, e.g. an app's status codes onto the host's. */
export interface LookupExpression extends Coercible {
  lookup: {
    /** Where the value to look up comes from; empty gives `otherwise` (or empty), a list is looked up element by element. */
    value: FieldExpression;
    /** Keys are the value as text (`1`, `true`, `active`). */
    table: Record<string, Scalar>;
    /** When the value is not in the table; without it, an unknown value is a field error. */
    otherwise?: Scalar;
    /** Compare case-insensitively (keys and value lower-cased). */
    ignoreCase?: boolean;
  };
}
/** The first case whose condition holds gives the value; `otherwise` when none does (empty without it). */
export interface CaseExpression extends Coercible {
  cases: { when: Condition; then: FieldExpression }[];
  otherwise?: FieldExpression;
}
/**
 * A test of the value at a source path. Exactly one of `equals`, `in`, `exists`.
 * Values compare as text (`1` equals `"1"`); `equals: null` holds for an empty
 * value; on a list, `equals` and `in` hold when any element does.
 */
export type Condition =
  | { path: string; equals: Scalar }
  | { path: string; in: Scalar[] }
  | { path: string; exists: boolean };

/**
 * What happens to a record with a field that cannot be mapped (a failed
 * coercion, an unknown lookup value, an empty required field):
 * - `skip` (the default): the record is not delivered and the run lists it as skipped, with its id and the reason;
 * - `null`: an optional field that fails is sent as null and the record is delivered; the run still reports
 *   the record id and reason. A required field that is empty or fails still skips the record.
 */
export type MappingErrorPolicy = 'skip' | 'null';

/** Target field → expression. Fields left out are not sent. */
export interface FieldMapping {
  fields: Record<string, FieldExpression>;
  onError?: MappingErrorPolicy;
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

/**
 * A mapped record, or why it cannot be delivered. `nulled` lists the fields an
 * `onError: 'null'` mapping sent as null, with why.
 */
export type MappingResult =
  | { ok: true; value: Record<string, unknown>; nulled?: FieldError[] }
  | { ok: false; errors: FieldError[] };

export type CompiledMapping = (record: unknown) => MappingResult;

import { zodResolver } from '@hookform/resolvers/zod';
import { memo, useId, useMemo, useState } from 'react';
import { useForm, useWatch, type Control, type UseFormRegister } from 'react-hook-form';
import type {
  DataSourceRef,
  FieldExpression,
  FieldMappingState,
  SourceField,
  TargetField,
} from '../../engine/index.ts';
import { useFieldMapping } from '../hooks/useFieldMapping.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { dataSourceKey } from '../utils/dataSource.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import {
  KEEP_EXPRESSION,
  NOT_MAPPED,
  choiceExpression,
  describeExpression,
  mappingSchema,
  pathChoice,
  rowName,
  sourceOptions,
  targetLabel,
  toFieldMapping,
  toMappingFormValues,
  type MappingFormValues,
} from '../utils/mappingForm.ts';
import { part, type PartClassNames } from '../utils/part.ts';

export type FieldMappingEditorPart =
  | 'field-mapping-editor'
  | 'editor-status'
  | 'editor-error'
  | 'editor-error-message'
  | 'retry-button'
  | 'mapping-form'
  | 'editor-header'
  | 'editor-source'
  | 'editor-source-name'
  | 'default-badge'
  | 'mapping-table'
  | 'mapping-table-head'
  | 'mapping-head'
  | 'mapping-column-header'
  | 'mapping-table-body'
  | 'mapping-row'
  | 'target-field'
  | 'target-label'
  | 'required-marker'
  | 'target-key'
  | 'target-type'
  | 'source-cell'
  | 'source-select'
  | 'source-option'
  | 'current-expression'
  | 'expression-text'
  | 'switch-hint'
  | 'field-error'
  | 'editor-actions'
  | 'save-status'
  | 'save-error'
  | 'reset-button'
  | 'save-button';

/**
 * Edits how one data source's records map onto the host's schema: one row per target field, each with
 * a choice of source field. Template and constant expressions show read-only, with the option to switch to a path.
 *
 * Data attributes:
 * - `[data-part="field-mapping-editor"]`: `data-state="idle" | "loading" | "success" | "error"`, the mapping's load status.
 * - `[data-part="mapping-form"]`: `data-state="pristine" | "dirty" | "saving" | "saved" | "error"`;
 *   `data-default` while the mapping is the app's default.
 * - `[data-part="mapping-row"]`: `data-field` (the target key); `data-state="mapped" | "unmapped" | "expression"`;
 *   `data-required`; `data-invalid`.
 * - `[data-part="target-type"]`: `data-type`, the target field's type.
 * - `[data-part="current-expression"]`: `data-kind="path" | "template" | "constant"`.
 */
export interface FieldMappingEditorProps {
  /** The data source whose mapping is edited. */
  dataSource: DataSourceRef;
  /** Called with the mapping state after a successful save. */
  onSaved?: (state: FieldMappingState) => void;
  /** Class for the root. */
  className?: string;
  /** Classes for inner parts, by `data-part` name. */
  classNames?: PartClassNames<FieldMappingEditorPart>;
}

export function FieldMappingEditor({ dataSource, onSaved, className, classNames }: FieldMappingEditorProps) {
  const client = useTributaryClient();
  const snapshot = useFieldMapping(dataSource);
  const state = snapshot.data;
  return (
    <section
      {...part('field-mapping-editor', classNames, className)}
      data-state={snapshot.status}
      aria-label="Field mapping"
      aria-busy={snapshot.status === 'loading' || undefined}
    >
      {!state && snapshot.status !== 'error' && (
        <p {...part('editor-status', classNames)} role="status">
          Loading field mapping…
        </p>
      )}
      {snapshot.status === 'error' && (
        <div {...part('editor-error', classNames)} role="alert">
          <span {...part('editor-error-message', classNames)}>
            {snapshot.error?.message ?? 'The field mapping could not be loaded.'}
          </span>{' '}
          <button
            {...part('retry-button', classNames)}
            type="button"
            onClick={() => void client.fieldMapping(dataSource).refresh().catch(() => {})}
          >
            Retry
          </button>
        </div>
      )}
      {state && (
        <MappingForm
          // A different data source is a different form, not an edit of this one.
          key={dataSourceKey(dataSource)}
          dataSource={dataSource}
          state={state}
          onSaved={onSaved}
          classNames={classNames}
        />
      )}
    </section>
  );
}

type Classes = PartClassNames<FieldMappingEditorPart> | undefined;

interface MappingFormProps {
  dataSource: DataSourceRef;
  state: FieldMappingState;
  onSaved: ((state: FieldMappingState) => void) | undefined;
  classNames: Classes;
}

type SaveResult = { kind: 'saved' } | { kind: 'error'; error: DisplayError };

function MappingForm({ dataSource, state, onSaved, classNames }: MappingFormProps) {
  const client = useTributaryClient();
  const loaded = useMemo(() => toMappingFormValues(state), [state]);
  const schema = useMemo(() => mappingSchema(state.target.fields), [state.target.fields]);
  const [result, setResult] = useState<SaveResult | null>(null);
  const {
    control,
    register,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<MappingFormValues>({
    resolver: zodResolver(schema),
    // Follows the live mapping (someone else may save it) without discarding the user's own edits.
    values: loaded,
    resetOptions: { keepDirtyValues: true },
  });

  // Compared by hand: RHF's isDirty reads false after a `keepDirtyValues` reset that kept edits.
  const current = useWatch({ control });
  const isDirty = Object.keys(loaded).some((name) => (current[name] ?? NOT_MAPPED) !== loaded[name]);

  const onSubmit = handleSubmit(async (values) => {
    setResult(null);
    try {
      const saved = await client.saveFieldMapping(dataSource, toFieldMapping(state, values));
      // Explicit: `resetOptions` below would otherwise keep the just-saved edits marked dirty.
      reset(toMappingFormValues(saved), { keepDirtyValues: false });
      setResult({ kind: 'saved' });
      onSaved?.(saved);
    } catch (error) {
      setResult({ kind: 'error', error: toDisplayError(error) });
    }
  });

  const formState = isSubmitting
    ? 'saving'
    : result?.kind === 'error'
      ? 'error'
      : isDirty
        ? 'dirty'
        : result?.kind === 'saved'
          ? 'saved'
          : 'pristine';
  const { dataSource: resolved } = state;
  return (
    <form
      {...part('mapping-form', classNames)}
      data-state={formState}
      data-default={state.isDefault ? '' : undefined}
      noValidate
      onSubmit={(event) => void onSubmit(event)}
    >
      <div {...part('editor-header', classNames)}>
        <p {...part('editor-source', classNames)}>
          Fields of <strong {...part('editor-source-name', classNames)}>{resolved.dataModel ?? resolved.collection}</strong>{' '}
          records
          {resolved.dataModel !== undefined && resolved.dataModel !== resolved.collection
            ? `, from the ${resolved.collection} collection`
            : ''}
        </p>
        {state.isDefault && <span {...part('default-badge', classNames)}>Default mapping</span>}
      </div>
      <table {...part('mapping-table', classNames)}>
        <thead {...part('mapping-table-head', classNames)}>
          <tr {...part('mapping-head', classNames)}>
            <th {...part('mapping-column-header', classNames)} scope="col">
              Field
            </th>
            <th {...part('mapping-column-header', classNames)} scope="col">
              Source
            </th>
          </tr>
        </thead>
        <tbody {...part('mapping-table-body', classNames)}>
          {state.target.fields.map((field, index) => (
            <MappingRow
              key={field.key}
              index={index}
              field={field}
              saved={state.mapping.fields[field.key]}
              sourceFields={state.sourceFields}
              control={control}
              register={register}
              error={errors[rowName(index)]?.message}
              classNames={classNames}
            />
          ))}
        </tbody>
      </table>
      {result?.kind === 'error' && (
        <div {...part('save-error', classNames)} role="alert">
          {result.error.message}
        </div>
      )}
      <div {...part('editor-actions', classNames)}>
        <p {...part('save-status', classNames)} role="status">
          {formState === 'saved' ? 'Mapping saved.' : ''}
        </p>
        <button
          {...part('reset-button', classNames)}
          type="button"
          disabled={!isDirty || isSubmitting}
          onClick={() => {
            setResult(null);
            reset(loaded, { keepDirtyValues: false });
          }}
        >
          Reset
        </button>
        <button
          {...part('save-button', classNames)}
          type="submit"
          // An untouched default can be saved as it is: that adopts it as the tenant's own mapping.
          disabled={(!isDirty && !state.isDefault) || isSubmitting}
          aria-busy={isSubmitting || undefined}
        >
          {isSubmitting ? 'Saving…' : 'Save mapping'}
        </button>
      </div>
    </form>
  );
}

interface MappingRowProps {
  index: number;
  field: TargetField;
  /** The expression as loaded; a template or constant stays available as "keep". */
  saved: FieldExpression | undefined;
  sourceFields: readonly SourceField[];
  control: Control<MappingFormValues>;
  register: UseFormRegister<MappingFormValues>;
  error: string | undefined;
  classNames: Classes;
}

/** Memoized and watching only its own value, so choosing a source re-renders one row. */
const MappingRow = memo(function MappingRow({ index, field, saved, sourceFields, control, register, error, classNames }: MappingRowProps) {
  const id = useId();
  const choice = useWatch({ control, name: rowName(index) }) ?? NOT_MAPPED;
  const keepable = saved !== undefined && !('path' in saved) ? saved : undefined;
  const options = useMemo(() => sourceOptions(sourceFields, saved), [sourceFields, saved]);
  const current = choiceExpression(choice, keepable);
  const description = current ? describeExpression(current) : undefined;
  const label = targetLabel(field);
  const selectId = `${id}-source`;
  const errorId = `${id}-error`;
  const expressionId = `${id}-expression`;
  const describedBy = [description ? expressionId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');

  return (
    <tr
      {...part('mapping-row', classNames)}
      data-field={field.key}
      data-state={!current ? 'unmapped' : description?.kind === 'path' ? 'mapped' : 'expression'}
      data-required={field.required ? '' : undefined}
      data-invalid={error ? '' : undefined}
    >
      <th {...part('target-field', classNames)} scope="row" title={field.description}>
        <label {...part('target-label', classNames)} htmlFor={selectId}>
          {label}
          {field.required && (
            <span {...part('required-marker', classNames)} aria-hidden="true">
              *
            </span>
          )}
        </label>
        <code {...part('target-key', classNames)}>{field.key}</code>
        <span {...part('target-type', classNames)} data-type={field.type}>
          {field.type}
        </span>
      </th>
      <td {...part('source-cell', classNames)}>
        <select
          {...part('source-select', classNames)}
          {...register(rowName(index))}
          id={selectId}
          aria-required={field.required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
        >
          <option {...part('source-option', classNames)} value={NOT_MAPPED}>
            (not mapped)
          </option>
          {keepable && (
            <option {...part('source-option', classNames)} value={KEEP_EXPRESSION}>
              {'template' in keepable ? 'Keep template' : 'Keep constant value'}
            </option>
          )}
          {options.map((option) => (
            <option {...part('source-option', classNames)} key={option.path} value={pathChoice(option.path)}>
              {option.label ? `${option.label} (${option.path})` : option.path}
            </option>
          ))}
        </select>
        {description && (
          <p {...part('current-expression', classNames)} id={expressionId} data-kind={description.kind}>
            {description.kind === 'path' ? 'Path' : description.kind === 'template' ? 'Template' : 'Constant'}{' '}
            <code {...part('expression-text', classNames)}>{description.text}</code>
          </p>
        )}
        {choice === KEEP_EXPRESSION && (
          <p {...part('switch-hint', classNames)}>Choose a source field to map a single path instead.</p>
        )}
        {error && (
          <p {...part('field-error', classNames)} id={errorId}>
            {error}
          </p>
        )}
      </td>
    </tr>
  );
});

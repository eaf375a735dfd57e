import { memo, useId, type ReactNode } from 'react';
import { useController } from 'react-hook-form';
import type { Coercion, FieldExpression, SuggestionCandidate } from '../../engine/index.ts';
import { useMappingEditorState, type MappingRowModel } from '../hooks/useFieldMappingEditor.ts';
import {
  EMPTY_ROW,
  describeExpression,
  expressionKindLabel,
  rowExpression,
  rowProblems,
  sameRow,
  targetLabel,
  type MappingRowKind,
  type MappingRowValue,
} from '../utils/mappingForm.ts';
import { NO_ISSUES } from '../utils/mappingIssues.ts';
import { sourcePathText } from '../utils/mappingSource.ts';
import { cx, part } from '../utils/part.ts';
import { useEditorContext, type EditorClassNames } from './context.ts';
import { SourcePicker } from './SourcePicker.tsx';

const KINDS: [Exclude<MappingRowKind, 'keep'>, string][] = [
  ['path', 'Source field'],
  ['template', 'Template'],
  ['constant', 'Constant'],
  ['lookup', 'Lookup table'],
];

const COERCIONS: [Coercion | '', string][] = [
  ['', 'As it is'],
  ['string', 'Text'],
  ['number', 'Number'],
  ['boolean', 'True or false'],
  ['date', 'ISO date'],
  ['email', 'Email address'],
];

type ErrorInput = 'path' | 'template' | 'constant' | 'entries' | 'otherwise';

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** A coarse band of a suggestion's confidence, for styling. */
function level(confidence: number): 'high' | 'medium' | 'low' {
  return confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
}

export interface MappingRowProps {
  row: MappingRowModel;
}

/**
 * One target field's row. Memoized on its row model and subscribed to its own form value, errors and engine issues,
 * so editing one row renders that row alone.
 *
 * Data attributes on `[data-part="mapping-row"]`: `data-field` (the target key);
 * `data-state="mapped" | "expression" | "unmapped"`; `data-kind="path" | "template" | "constant" | "lookup" | "keep"`;
 * `data-required`; `data-invalid` (a validation message); `data-issue` (the engine reported a problem);
 * `data-dirty` (differs from the saved mapping); `data-suggested` (holds a suggestion not saved yet).
 */
export const MappingRow = memo(function MappingRow({ row }: MappingRowProps) {
  const { editor, classNames } = useEditorContext();
  const {
    field: { ref: inputRef, ...input },
    fieldState,
  } = useController({ control: editor.form.control, name: row.name });
  const issues = useMappingEditorState(editor, (state) =>
    Object.hasOwn(state.issues, row.field.key) ? state.issues[row.field.key]! : NO_ISSUES,
  );
  const id = useId();
  const { field, saved, candidates } = row;
  const value: MappingRowValue = input.value ?? EMPTY_ROW;
  const set = (patch: Partial<MappingRowValue>) => input.onChange({ ...value, ...patch });
  const label = targetLabel(field);
  // The form holds one error per row once it has been validated; which inputs it concerns follows from the value.
  const problems = fieldState.error ? rowProblems(value, field) : [];
  const errors: Partial<Record<ErrorInput, string>> = Object.fromEntries(problems);
  const messages = problems.map(([, message]) => message);
  const expression = rowExpression(value, field);
  const dirty = !sameRow(value, saved, field);
  const suggested = dirty && value.kind === 'path' ? candidates.find((candidate) => candidate.path === value.path) : undefined;
  const kept = value.kept || saved.kept;
  const ids = { value: `${id}-value`, kind: `${id}-kind`, errors: `${id}-errors`, issues: `${id}-issues`, hint: `${id}-hint` };
  const describedBy = cx(messages.length > 0 && ids.errors, issues.length > 0 && ids.issues);
  const pickerProps = {
    id: ids.value,
    value: value.path,
    onChange: (path: string) => set({ path }),
    groups: editor.sourceGroups,
    label,
    invalid: Boolean(errors.path),
    required: field.required && value.kind === 'path',
    describedBy,
    classNames,
  };

  let control: ReactNode;
  switch (value.kind) {
    case 'path':
      control = <SourcePicker {...pickerProps} inputRef={inputRef} />;
      break;
    case 'constant':
      control = (
        <input
          {...part('constant-input', classNames)}
          ref={inputRef}
          id={ids.value}
          type="text"
          value={value.constant}
          inputMode={field.type === 'number' ? 'decimal' : undefined}
          placeholder={field.type === 'boolean' ? 'true or false' : field.type === 'number' ? 'A number' : 'A fixed value'}
          aria-invalid={errors.constant ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => set({ constant: event.target.value })}
        />
      );
      break;
    case 'template':
      control = (
        <input
          {...part('template-input', classNames)}
          ref={inputRef}
          id={ids.value}
          type="text"
          spellCheck={false}
          value={value.template}
          placeholder="{{first_name}} {{last_name}}"
          aria-invalid={errors.template ? true : undefined}
          aria-describedby={cx(ids.hint, describedBy)}
          onChange={(event) => set({ template: event.target.value })}
        />
      );
      break;
    case 'lookup':
      control = <SourcePicker {...pickerProps} inputRef={inputRef} />;
      break;
    case 'keep':
      control = kept ? <KeptExpression expression={JSON.parse(kept) as FieldExpression} classNames={classNames} /> : null;
      break;
    default:
      control = value.kind satisfies never;
  }

  return (
    <tr
      {...part('mapping-row', classNames)}
      data-field={field.key}
      data-state={!expression ? 'unmapped' : value.kind === 'path' ? 'mapped' : 'expression'}
      data-kind={value.kind}
      data-required={field.required ? '' : undefined}
      data-invalid={messages.length > 0 ? '' : undefined}
      data-issue={issues.length > 0 ? '' : undefined}
      data-dirty={dirty ? '' : undefined}
      data-suggested={suggested ? '' : undefined}
    >
      <th {...part('target-field', classNames)} scope="row">
        <label {...part('target-label', classNames)} htmlFor={value.kind === 'keep' ? ids.kind : ids.value}>
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
        {field.description && <span {...part('target-description', classNames)}>{field.description}</span>}
      </th>
      <td {...part('source-cell', classNames)}>
        <div {...part('row-controls', classNames)}>
          <select
            {...part('kind-select', classNames)}
            id={ids.kind}
            aria-label={`Map ${label} from`}
            value={value.kind}
            onChange={(event) => {
              const kind = event.target.value as MappingRowKind;
              set(kind === 'keep' ? { kind, kept } : { kind });
            }}
          >
            {KINDS.map(([kind, text]) => (
              <option {...part('kind-option', classNames)} key={kind} value={kind}>
                {text}
              </option>
            ))}
            {kept && (
              <option {...part('kind-option', classNames)} value="keep">
                Keep current ({expressionKindLabel(JSON.parse(kept) as FieldExpression)})
              </option>
            )}
          </select>
          {control}
          {value.kind !== 'keep' && value.kind !== 'constant' && (
            <select
              {...part('coercion-select', classNames)}
              aria-label={`Convert ${label}`}
              value={value.as}
              onChange={(event) => set({ as: event.target.value as Coercion | '' })}
            >
              {COERCIONS.map(([as, text]) => (
                <option {...part('coercion-option', classNames)} key={as} value={as}>
                  {text}
                </option>
              ))}
            </select>
          )}
          {value.kind === 'template' && (
            <span {...part('template-hint', classNames)} id={ids.hint}>
              Write {'{{path}}'} where a source field’s value goes.
            </span>
          )}
        </div>
        {value.kind === 'lookup' && (
          <LookupEditor value={value} set={set} errors={errors} describedBy={describedBy} classNames={classNames} />
        )}
        {suggested && (
          <span {...part('suggested-badge', classNames)} data-level={level(suggested.confidence)} title={suggested.reasons.join('; ')}>
            Suggested · {percent(suggested.confidence)} match
          </span>
        )}
        {!expression && value.kind === 'path' && candidates.length > 0 && (
          <Suggestions
            id={`${id}-suggestions`}
            candidates={candidates}
            onAccept={(path) => set({ kind: 'path', path })}
            classNames={classNames}
          />
        )}
        {messages.length > 0 && (
          <p {...part('field-error', classNames)} id={ids.errors}>
            {messages.join(' ')}
          </p>
        )}
        {issues.length > 0 && (
          <p {...part('row-issue', classNames)} id={ids.issues}>
            {issues.join(' ')}
          </p>
        )}
      </td>
    </tr>
  );
});

function KeptExpression({ expression, classNames }: { expression: FieldExpression; classNames: EditorClassNames }) {
  return (
    <p {...part('current-expression', classNames)} data-kind={expressionKindLabel(expression)}>
      Keeps <code {...part('expression-text', classNames)}>{describeExpression(expression)}</code>
    </p>
  );
}

function Suggestions({
  id,
  candidates,
  onAccept,
  classNames,
}: {
  id: string;
  candidates: readonly SuggestionCandidate[];
  onAccept: (path: string) => void;
  classNames: EditorClassNames;
}) {
  const { editor } = useEditorContext();
  return (
    <div {...part('row-suggestions', classNames)} role="group" aria-labelledby={id}>
      <span {...part('row-suggestions-label', classNames)} id={id}>
        Suggested
      </span>
      {candidates.slice(0, 3).map((candidate) => (
        <button
          {...part('suggestion', classNames)}
          key={candidate.path}
          type="button"
          data-level={level(candidate.confidence)}
          title={candidate.reasons.join('; ')}
          onClick={() => onAccept(candidate.path)}
        >
          Use <span {...part('suggestion-path', classNames)}>{sourcePathText(editor.sourceGroups, candidate.path)}</span>{' '}
          <span {...part('suggestion-confidence', classNames)}>{percent(candidate.confidence)}</span>
        </button>
      ))}
    </div>
  );
}

function LookupEditor({
  value,
  set,
  errors,
  describedBy,
  classNames,
}: {
  value: MappingRowValue;
  set: (patch: Partial<MappingRowValue>) => void;
  errors: Partial<Record<ErrorInput, string>>;
  describedBy: string | undefined;
  classNames: EditorClassNames;
}) {
  const entries = value.entries.length > 0 ? value.entries : EMPTY_ROW.entries;
  const update = (index: number, patch: Partial<(typeof entries)[number]>) =>
    set({ entries: entries.map((entry, at) => (at === index ? { ...entry, ...patch } : entry)) });
  const invalid = errors.entries ? true : undefined;
  return (
    <fieldset {...part('lookup-editor', classNames)} aria-describedby={describedBy}>
      <legend {...part('lookup-legend', classNames)}>Lookup table</legend>
      {entries.map((entry, index) => (
        // Entries have no identity but their place; inputs are controlled, so removing one shifts values, not focus.
        <div {...part('lookup-entry', classNames)} key={index}>
          <input
            {...part('lookup-from', classNames)}
            type="text"
            aria-label={`Source value ${index + 1}`}
            placeholder="Source value"
            value={entry.from}
            aria-invalid={invalid}
            onChange={(event) => update(index, { from: event.target.value })}
          />
          <span {...part('lookup-arrow', classNames)} aria-hidden="true">
            →
          </span>
          <input
            {...part('lookup-to', classNames)}
            type="text"
            aria-label={`Becomes ${index + 1}`}
            placeholder="Becomes"
            value={entry.to}
            aria-invalid={invalid}
            onChange={(event) => update(index, { to: event.target.value })}
          />
          <button
            {...part('lookup-remove', classNames)}
            type="button"
            aria-label={`Remove value ${index + 1}`}
            disabled={entries.length === 1}
            onClick={() => set({ entries: entries.filter((_, at) => at !== index) })}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        {...part('lookup-add', classNames)}
        type="button"
        onClick={() => set({ entries: [...entries, { from: '', to: '' }] })}
      >
        Add value
      </button>
      <label {...part('lookup-otherwise', classNames)}>
        Otherwise{' '}
        <input
          {...part('lookup-otherwise-input', classNames)}
          type="text"
          value={value.otherwise}
          placeholder="Empty: an unknown value is an error"
          aria-invalid={errors.otherwise ? true : undefined}
          onChange={(event) => set({ otherwise: event.target.value })}
        />
      </label>
      <label {...part('lookup-ignore-case', classNames)}>
        <input
          {...part('lookup-ignore-case-input', classNames)}
          type="checkbox"
          checked={value.ignoreCase}
          onChange={(event) => set({ ignoreCase: event.target.checked })}
        />{' '}
        Ignore case
      </label>
    </fieldset>
  );
}

import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { KeyboardEvent, ReactNode, Ref } from 'react';
import { get, type FieldError, type PathValue } from 'react-hook-form';
import type {
  DataSourceRef,
  FieldExpression,
  MappingErrorPolicy,
  SuggestionCandidate,
} from '../../engine/index.ts';
import {
  useFieldMappingEditor,
  useMappingEditorState,
  type FieldMappingEditorApi,
  type FieldMappingEditorOptions,
  type MappingPreviewState,
  type MappingRowModel,
} from '../hooks/useFieldMappingEditor.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { createPartsContext } from '../utils/createPartsContext.ts';
import { plural } from '../utils/format.ts';
import {
  EMPTY_ROW,
  describeExpression,
  expressionKindLabel,
  own,
  rowExpression,
  rowProblems,
  sameRow,
  targetLabel,
  type LookupEntry,
  type MappingFormValues,
  type MappingRowKind,
  type MappingRowName,
  type MappingRowValue,
} from '../utils/mappingForm.ts';
import { NO_ISSUES, issueText } from '../utils/mappingIssues.ts';
import { pickerOptions, sourcePathText, type PickerOption } from '../utils/mappingSource.ts';
import { cx, part, type PartClassNames } from '../utils/part.ts';

// The field mapping editor's parts, in one module: the context and form hook they share, then the source picker, the
// row, the table, the frame and header, the actions and the live preview, and the composite built from them.

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
  | 'suggestions-status'
  | 'error-policy'
  | 'error-policy-select'
  | 'error-policy-option'
  | 'editor-empty'
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
  | 'target-description'
  | 'source-cell'
  | 'row-controls'
  | 'kind-select'
  | 'kind-option'
  | 'coercion-select'
  | 'coercion-option'
  | 'source-picker'
  | 'source-input'
  | 'source-listbox'
  | 'source-group'
  | 'source-group-label'
  | 'source-option'
  | 'source-option-label'
  | 'source-option-path'
  | 'source-empty'
  | 'constant-input'
  | 'template-input'
  | 'template-hint'
  | 'lookup-editor'
  | 'lookup-legend'
  | 'lookup-entry'
  | 'lookup-from'
  | 'lookup-arrow'
  | 'lookup-to'
  | 'lookup-remove'
  | 'lookup-add'
  | 'lookup-otherwise'
  | 'lookup-otherwise-input'
  | 'lookup-ignore-case'
  | 'lookup-ignore-case-input'
  | 'current-expression'
  | 'expression-text'
  | 'suggested-badge'
  | 'row-suggestions'
  | 'row-suggestions-label'
  | 'suggestion'
  | 'suggestion-path'
  | 'suggestion-confidence'
  | 'field-error'
  | 'row-issue'
  | 'editor-actions'
  | 'save-status'
  | 'save-error'
  | 'reset-button'
  | 'cancel-button'
  | 'save-button'
  | 'mapping-preview'
  | 'preview-title'
  | 'preview-status'
  | 'preview-error'
  | 'preview-issues'
  | 'preview-issue'
  | 'preview-records'
  | 'preview-record'
  | 'preview-record-title'
  | 'preview-input'
  | 'preview-output'
  | 'preview-pane-title'
  | 'preview-json'
  | 'preview-fields'
  | 'preview-field'
  | 'preview-field-name'
  | 'preview-field-value';

type EditorClassNames = PartClassNames<FieldMappingEditorPart> | undefined;

interface EditorContextValue {
  editor: FieldMappingEditorApi;
  classNames: EditorClassNames;
}

const [EditorContext, usePartsContext] = createPartsContext<EditorContextValue>(
  'FieldMappingEditorContext',
  '<FieldMappingEditor.Root>',
);

function useEditorContext(): EditorContextValue {
  return usePartsContext('FieldMappingEditor parts');
}

/**
 * One value of the editor's form, for the input that edits it: what `useController` gives, without what the editor
 * does not use (and without its bytes). It renders only when that value or its error changes; a change validates
 * again once the form has been submitted; the ref registers the input as what the form focuses when a submit finds
 * the value invalid (again on each render, as a reset forgets registered fields).
 */
function useFormField<N extends MappingRowName | 'onError'>(
  { form }: FieldMappingEditorApi,
  name: N,
): [
  value: PathValue<MappingFormValues, N>,
  onChange: (value: PathValue<MappingFormValues, N>) => void,
  ref: (element: HTMLElement | null) => void,
  error: FieldError | undefined,
] {
  const { control } = form;
  // Every value's inputs hear of every change; each renders only if its own value or error changed.
  const subscribe = useCallback(
    (callback: () => void) => form.subscribe({ formState: { values: true, errors: true }, callback }),
    [form],
  );
  const value = () => get(control._formValues, name) as PathValue<MappingFormValues, N>;
  const error = () => get(control._formState.errors, name) as FieldError | undefined;
  return [
    useSyncExternalStore(subscribe, value, value),
    (next) => form.setValue(name, next, { shouldDirty: true, shouldValidate: control._formState.isSubmitted }),
    (element) => {
      if (!element) return;
      form.register(name);
      (get(control._fields, name) as { _f: { ref: unknown } })._f.ref = { focus: () => element.focus() };
    },
    useSyncExternalStore(subscribe, error, error),
  ];
}

interface SourcePickerProps {
  /** The input's id, for the row's `<label>`. */
  id: string;
  /** The chosen source path; `''` for none. */
  value: string;
  onChange: (path: string) => void;
  /** Names the list of source fields. */
  label: string;
  ref?: Ref<HTMLInputElement>;
  'aria-invalid'?: true;
  'aria-required'?: true;
  'aria-describedby'?: string;
}

/**
 * A searchable choice of source field: a combobox with a list autocomplete (WAI-ARIA APG). Typing filters by label
 * and path and highlights the first match; arrows move, Enter chooses, Escape closes and restores, and the list stays
 * in the DOM only while open. The input takes the rest of its props (id, ref, aria).
 */
function SourcePicker({ value, onChange, label, ...input }: SourcePickerProps) {
  const {
    editor: { sourceGroups: groups },
    classNames,
  } = useEditorContext();
  const { id } = input;
  const [open, setOpen] = useState(false);
  /** What the user typed; `null` while the input shows the chosen field. */
  const [query, setQuery] = useState<string | null>(null);
  /** The highlighted option's path; `null` highlights the first. */
  const [active, setActive] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const options = open ? pickerOptions(groups, query ?? '') : [];
  const count = options.length;
  const activeIndex = options.findIndex((option) => active === null || option.path === active);
  const expanded = count > 0;
  const listId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    // jsdom has no scrollIntoView; browsers do.
    listRef.current?.querySelector('[data-highlighted]')?.scrollIntoView?.({ block: 'nearest' });
  });

  const reset = (next: boolean, key: string | null = null) => {
    setOpen(next);
    setQuery(null);
    setActive(key);
  };
  const choose = (option: PickerOption) => {
    reset(false);
    if (option.path !== value) onChange(option.path);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const { key } = event;
    const up = key === 'ArrowUp';
    if (up || key === 'ArrowDown') {
      event.preventDefault();
      if (!open) reset(true, value);
      else if (!event.altKey && count > 0) {
        setActive(options[((activeIndex < 0 ? (up ? 0 : -1) : activeIndex) + (up ? -1 : 1) + count) % count]!.path);
      }
    } else if (key === 'Enter' ? open : key === 'Escape' && (open || query !== null)) {
      // Enter chooses; it never submits the form while the list is open.
      event.preventDefault();
      if (key === 'Enter') {
        if (options[activeIndex]) choose(options[activeIndex]);
      } else {
        event.stopPropagation();
        reset(false);
      }
    }
  };

  // Consecutive options under one heading; without headings when the schema is flat.
  const sections: [heading: string, items: ReactNode[], first: number][] = [];
  options.forEach((option, index) => {
    const heading = groups.length > 1 || option.group === 'Typed path' ? option.group : '';
    const item = (
      <div
        key={option.path}
        {...part('source-option', classNames)}
        id={optionId(index)}
        role="option"
        aria-selected={index === activeIndex}
        // The chosen field (or "not mapped"); a typed path is an offer, never the choice.
        data-state={(option.field || !option.path) && option.path === value ? 'checked' : 'unchecked'}
        data-highlighted={index === activeIndex ? '' : undefined}
        onClick={() => choose(option)}
      >
        <span {...part('source-option-label', classNames)}>{option.field?.label ?? option.text}</span>
        {option.field?.label !== undefined && <code {...part('source-option-path', classNames)}>{option.field.path}</code>}
      </div>
    );
    const last = sections.at(-1);
    if (last?.[0] === heading) last[1].push(item);
    else sections.push([heading, [item], index]);
  });

  return (
    <div {...part('source-picker', classNames)} data-state={expanded ? 'open' : 'closed'}>
      <input
        {...part('source-input', classNames)}
        {...input}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search source fields"
        value={query ?? sourcePathText(groups, value)}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && activeIndex >= 0 ? optionId(activeIndex) : undefined}
        onChange={(event) => {
          reset(true);
          setQuery(event.target.value);
        }}
        // Typing then replaces the chosen field's text instead of adding to it.
        onFocus={(event) => event.currentTarget.select()}
        onClick={() => {
          if (!open) reset(true, value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => reset(false)}
      />
      {expanded ? (
        <div
          {...part('source-listbox', classNames)}
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label={`Source fields for ${label}`}
          // Keeps focus in the input, so a click chooses instead of blurring first.
          onMouseDown={(event) => event.preventDefault()}
        >
          {sections.map(([heading, items, first]) =>
            heading ? (
              <div key={heading} {...part('source-group', classNames)} role="group" aria-labelledby={`${id}-group-${first}`}>
                <div {...part('source-group-label', classNames)} id={`${id}-group-${first}`} role="presentation">
                  {heading}
                </div>
                {items}
              </div>
            ) : (
              items
            ),
          )}
        </div>
      ) : (
        open && (
          <p {...part('source-empty', classNames)} role="status">
            No source field matches “{query}”.
          </p>
        )
      )}
    </div>
  );
}

/** A select's choices: option value → text. */
type Choices = Readonly<Record<string, string>>;

const KINDS: Choices = { path: 'Source field', template: 'Template', constant: 'Constant', lookup: 'Lookup table' };

const COERCIONS: Choices = {
  '': 'As it is',
  string: 'Text',
  number: 'Number',
  boolean: 'True or false',
  date: 'ISO date',
  email: 'Email address',
};

/** A select's `<option>`s, each with its part. */
function options(choices: Choices, name: FieldMappingEditorPart, classNames: EditorClassNames) {
  return Object.entries(choices).map(([value, text]) => (
    <option key={value} {...part(name, classNames)} value={value}>
      {text}
    </option>
  ));
}

/** A suggestion's confidence band (for styling) and reasons. */
function candidateProps({ confidence, reasons }: SuggestionCandidate) {
  return { 'data-level': confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low', title: reasons.join('; ') };
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
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
const MappingRow = memo(function MappingRow({ row }: MappingRowProps) {
  const { editor, classNames } = useEditorContext();
  const [stored, onChange, inputRef, error] = useFormField(editor, row.name);
  const issues = useMappingEditorState(editor, (state) => own(state.issues, row.field.key) ?? NO_ISSUES);
  const id = useId();
  const { field, saved, candidates } = row;
  const value: MappingRowValue = stored ?? EMPTY_ROW;
  const { kind } = value;
  const set = (patch: Partial<MappingRowValue>) => onChange({ ...value, ...patch });
  const label = targetLabel(field);
  // The form holds one error per row once it has been validated; which inputs it concerns follows from the value.
  const errors: Partial<Record<keyof MappingRowValue, string>> = Object.fromEntries(error ? rowProblems(value, field) : []);
  const messages = Object.values(errors);
  const expression = rowExpression(value, field);
  const dirty = !sameRow(value, saved, field);
  const suggested = dirty && kind === 'path' ? candidates.find((candidate) => candidate.path === value.path) : undefined;
  const kept = value.kept || saved.kept;
  const keptExpression = kept ? (JSON.parse(kept) as FieldExpression) : undefined;
  const keptKind = keptExpression && expressionKindLabel(keptExpression);
  const valueId = `${id}-value`;
  const kindId = `${id}-kind`;
  const hintId = `${id}-hint`;
  const describedBy = cx(messages.length > 0 && `${id}-errors`, issues.length > 0 && `${id}-issues`);
  const input = { ref: inputRef, id: valueId, 'aria-describedby': describedBy };
  const entries = value.entries.length > 0 ? value.entries : EMPTY_ROW.entries;
  /** A text input for one of the row's own texts. */
  const text = (name: FieldMappingEditorPart, key: 'otherwise' | 'constant' | 'template', props?: object) => (
    <input
      {...part(name, classNames)}
      type="text"
      value={value[key]}
      aria-invalid={errors[key] ? true : undefined}
      onChange={(event) => set({ [key]: event.target.value })}
      {...props}
    />
  );
  /** A text input for one side of a lookup table's entry. */
  const entryInput = (index: number, key: keyof LookupEntry, name: string) => (
    <input
      {...part(`lookup-${key}`, classNames)}
      type="text"
      aria-label={`${name} ${index + 1}`}
      placeholder={name}
      value={entries[index]![key]}
      aria-invalid={errors.entries ? true : undefined}
      onChange={(event) =>
        set({ entries: entries.map((entry, at) => (at === index ? { ...entry, [key]: event.target.value } : entry)) })
      }
    />
  );

  return (
    <tr
      {...part('mapping-row', classNames)}
      data-field={field.key}
      data-state={!expression ? 'unmapped' : kind === 'path' ? 'mapped' : 'expression'}
      data-kind={kind}
      data-required={field.required ? '' : undefined}
      data-invalid={messages.length > 0 ? '' : undefined}
      data-issue={issues.length > 0 ? '' : undefined}
      data-dirty={dirty ? '' : undefined}
      data-suggested={suggested ? '' : undefined}
    >
      <th {...part('target-field', classNames)} scope="row">
        <label {...part('target-label', classNames)} htmlFor={kind === 'keep' ? kindId : valueId}>
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
            id={kindId}
            aria-label={`Map ${label} from`}
            value={kind}
            onChange={(event) => {
              const next = event.target.value as MappingRowKind;
              set(next === 'keep' ? { kind: next, kept } : { kind: next });
            }}
          >
            {options(
              keptExpression ? { ...KINDS, keep: `Keep current (${keptKind})` } : KINDS,
              'kind-option',
              classNames,
            )}
          </select>
          {kind === 'keep'
            ? keptExpression && (
                <p {...part('current-expression', classNames)} data-kind={keptKind}>
                  Keeps <code {...part('expression-text', classNames)}>{describeExpression(keptExpression)}</code>
                </p>
              )
            : kind === 'constant' || kind === 'template'
              ? text(`${kind}-input`, kind, {
                  ...input,
                  spellCheck: kind === 'template' ? false : undefined,
                  inputMode: kind === 'constant' && field.type === 'number' ? 'decimal' : undefined,
                  placeholder:
                    kind === 'template'
                      ? '{{first_name}} {{last_name}}'
                      : field.type === 'boolean'
                        ? 'true or false'
                        : field.type === 'number'
                          ? 'A number'
                          : 'A fixed value',
                  'aria-describedby': kind === 'template' ? cx(hintId, describedBy) : describedBy,
                })
              : (
                  <SourcePicker
                    {...input}
                    value={value.path}
                    onChange={(path) => set({ path })}
                    label={label}
                    aria-invalid={errors.path ? true : undefined}
                    aria-required={field.required && kind === 'path' ? true : undefined}
                  />
                )}
          {kind !== 'keep' && kind !== 'constant' && (
            <select
              {...part('coercion-select', classNames)}
              aria-label={`Convert ${label}`}
              value={value.as}
              onChange={(event) => set({ as: event.target.value as MappingRowValue['as'] })}
            >
              {options(COERCIONS, 'coercion-option', classNames)}
            </select>
          )}
          {kind === 'template' && (
            <span {...part('template-hint', classNames)} id={hintId}>
              {'Write {{path}} where a source field’s value goes.'}
            </span>
          )}
        </div>
        {kind === 'lookup' && (
          <fieldset {...part('lookup-editor', classNames)} aria-describedby={describedBy}>
            <legend {...part('lookup-legend', classNames)}>Lookup table</legend>
            {entries.map((_, index) => (
              // Entries have no identity but their place; inputs are controlled, so removing one shifts values, not focus.
              <div key={index} {...part('lookup-entry', classNames)}>
                {entryInput(index, 'from', 'Source value')}
                <span {...part('lookup-arrow', classNames)} aria-hidden="true">
                  →
                </span>
                {entryInput(index, 'to', 'Becomes')}
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
              Otherwise {text('lookup-otherwise-input', 'otherwise', { placeholder: 'Empty: an unknown value is an error' })}
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
        )}
        {suggested && (
          <span {...part('suggested-badge', classNames)} {...candidateProps(suggested)}>
            Suggested · {percent(suggested.confidence)} match
          </span>
        )}
        {!expression && kind === 'path' && candidates.length > 0 && (
          <div {...part('row-suggestions', classNames)} role="group" aria-labelledby={`${id}-suggestions`}>
            <span {...part('row-suggestions-label', classNames)} id={`${id}-suggestions`}>
              Suggested
            </span>
            {candidates.slice(0, 3).map((candidate) => (
              <button
                key={candidate.path}
                {...part('suggestion', classNames)}
                {...candidateProps(candidate)}
                type="button"
                onClick={() => set({ path: candidate.path })}
              >
                Use <span {...part('suggestion-path', classNames)}>{sourcePathText(editor.sourceGroups, candidate.path)}</span>{' '}
                <span {...part('suggestion-confidence', classNames)}>{percent(candidate.confidence)}</span>
              </button>
            ))}
          </div>
        )}
        {messages.length > 0 && (
          <p {...part('field-error', classNames)} id={`${id}-errors`}>
            {messages.join(' ')}
          </p>
        )}
        {issues.length > 0 && (
          <p {...part('row-issue', classNames)} id={`${id}-issues`}>
            {issues.join(' ')}
          </p>
        )}
      </td>
    </tr>
  );
});

/** One row per target field. */
const Table = memo(function Table() {
  const { editor, classNames } = useEditorContext();
  if (editor.rows.length === 0) {
    return <p {...part('editor-empty', classNames)}>The host’s schema has no fields to map for these records.</p>;
  }
  return (
    <table {...part('mapping-table', classNames)}>
      <thead {...part('mapping-table-head', classNames)}>
        <tr {...part('mapping-head', classNames)}>
          {['Field', 'Value'].map((heading) => (
            <th key={heading} {...part('mapping-column-header', classNames)} scope="col">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody {...part('mapping-table-body', classNames)}>
        {editor.rows.map((row) => (
          <MappingRow key={row.field.key} row={row} />
        ))}
      </tbody>
    </table>
  );
});

export interface FieldMappingEditorRootProps {
  /** What {@link useFieldMappingEditor} returned. */
  editor: FieldMappingEditorApi;
  /** Class for the root. */
  className?: string;
  /** Classes for inner parts, by `data-part` name; keep the object stable, every part reads it. */
  classNames?: PartClassNames<FieldMappingEditorPart>;
  /** The parts to show once the mapping is loaded (`Header`, `Table`, `Actions`, `Preview`, or your own). */
  children?: ReactNode;
}

/**
 * The editor's frame: its loading and error states and, once the mapping is loaded, the form its parts render in.
 *
 * Data attributes: `[data-part="field-mapping-editor"]`: `data-state="loading" | "error" | "ready"`;
 * `[data-part="mapping-form"]`: `data-default` while the saved mapping is the app's default.
 */
function Root({ editor, className, classNames, children }: FieldMappingEditorRootProps) {
  const context = useMemo(() => ({ editor, classNames }), [editor, classNames]);
  return (
    <section
      {...part('field-mapping-editor', classNames, className)}
      data-state={editor.status}
      aria-label="Field mapping"
      aria-busy={editor.status === 'loading' || undefined}
    >
      {editor.status === 'loading' && (
        <LoadingMessage part="editor-status" classNames={classNames} role="status">
          Loading field mapping…
        </LoadingMessage>
      )}
      {editor.status === 'error' && (
        <LoadError
          part="editor-error"
          messagePart="editor-error-message"
          messageAs="span"
          classNames={classNames}
          onRetry={editor.reload}
          retryLabel="Retry"
        >
          {editor.error?.message ?? 'The field mapping could not be loaded.'}
        </LoadError>
      )}
      {editor.status === 'ready' && (
        <EditorContext.Provider value={context}>
          <form
            {...part('mapping-form', classNames)}
            data-default={editor.mapping?.isDefault ? '' : undefined}
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void editor.save();
            }}
          >
            {children}
          </form>
        </EditorContext.Provider>
      )}
    </section>
  );
}

function suggestionsText(editor: FieldMappingEditorApi): string {
  const { status, data, error } = editor.suggestions;
  if (status === 'loading') return 'Looking for suggestions…';
  if (status === 'error') return `Suggestions are unavailable: ${error?.message ?? 'the engine did not answer.'}`;
  const offered = data?.suggestions.filter((entry) => entry.candidates.length > 0).length ?? 0;
  return offered === 0 ? '' : `Suggested sources for ${plural(offered, 'field', 'fields')}, with their confidence.`;
}

/**
 * What is mapped, whether it is the default, the suggestions' status, and the policy for records that fail. It reads
 * the policy alone from the form, so rows changing do not render it.
 */
const Header = memo(function Header() {
  const { editor, classNames } = useEditorContext();
  const [onError, setOnError, ref] = useFormField(editor, 'onError');
  // The parts render inside the Root's form, which shows once the mapping is loaded.
  const {
    dataSource: { dataModel, collection },
    isDefault,
  } = editor.mapping!;
  return (
    <div {...part('editor-header', classNames)}>
      <p {...part('editor-source', classNames)}>
        Fields of <strong {...part('editor-source-name', classNames)}>{dataModel ?? collection}</strong> records
        {dataModel !== undefined && dataModel !== collection ? `, from the ${collection} collection` : ''}
      </p>
      {isDefault && <span {...part('default-badge', classNames)}>Default mapping</span>}
      <p {...part('suggestions-status', classNames)} role="status" data-state={editor.suggestions.status}>
        {suggestionsText(editor)}
      </p>
      <label {...part('error-policy', classNames)}>
        When a record cannot be mapped{' '}
        <select
          {...part('error-policy-select', classNames)}
          name="onError"
          value={onError}
          onChange={(event) => setOnError(event.target.value as MappingErrorPolicy)}
          ref={ref}
        >
          {options(
            { skip: 'skip the record', null: 'send its failing optional fields as null' },
            'error-policy-option',
            classNames,
          )}
        </select>
      </label>
    </div>
  );
});

/**
 * Save, cancel and reset, with the save's status.
 *
 * Data attributes: `[data-part="editor-actions"]`:
 * `data-state="pristine" | "dirty" | "invalid" | "saving" | "saved" | "error"`.
 */
const Actions = memo(function Actions() {
  const { editor, classNames } = useEditorContext();
  const dirty = useMappingEditorState(editor, (state) => state.dirty);
  const { status, error } = useMappingEditorState(editor, (state) => state.save);
  const saving = status === 'saving';
  const { isDefault } = editor.mapping!;
  const state = dirty && (status === 'idle' || status === 'saved') ? 'dirty' : status === 'idle' ? 'pristine' : status;
  const statusRef = useRef<HTMLParagraphElement>(null);
  const previous = useRef(state);
  // Saving or cancelling disables the button that was pressed, and the browser drops its focus to the page:
  // keep a keyboard user here, on the status that says what happened.
  useEffect(() => {
    const done = ['saving saved', 'dirty pristine'].includes(`${previous.current} ${state}`);
    previous.current = state;
    const node = statusRef.current;
    const focused = node?.ownerDocument.activeElement;
    const lost =
      !focused || focused === node.ownerDocument.body || (node.parentElement?.contains(focused) && (focused as HTMLButtonElement).disabled);
    if (done && lost) node?.focus();
  }, [state]);
  return (
    <div {...part('editor-actions', classNames)} data-state={state}>
      {(status === 'error' || status === 'invalid') && (
        <p {...part('save-error', classNames)} role="alert" data-reason={status}>
          {status === 'invalid'
            ? 'Some fields need attention before the mapping can be saved.'
            : `The mapping was not saved: ${error?.message ?? 'something went wrong.'}`}
        </p>
      )}
      <p {...part('save-status', classNames)} role="status" tabIndex={-1} ref={statusRef}>
        {saving ? 'Saving the mapping…' : dirty ? 'Unsaved changes.' : status === 'saved' ? 'Mapping saved.' : ''}
      </p>
      {editor.canResetToDefault && (
        <button
          {...part('reset-button', classNames)}
          type="button"
          disabled={saving || (isDefault && !dirty)}
          onClick={editor.resetToDefault}
        >
          Reset to default
        </button>
      )}
      <button {...part('cancel-button', classNames)} type="button" disabled={!dirty || saving} onClick={editor.cancel}>
        Cancel
      </button>
      <button
        {...part('save-button', classNames)}
        type="submit"
        // An untouched default can be saved as it is: that adopts it as the tenant's own mapping.
        disabled={(!dirty && !isDefault) || saving}
        aria-busy={saving || undefined}
      >
        {saving ? 'Saving…' : 'Save mapping'}
      </button>
    </div>
  );
});

/** A mapped value as text: external values are shown, never interpreted as markup or links. */
function valueText(value: unknown): string {
  return value === '' ? '""' : typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value ?? ''));
}

function statusText(preview: MappingPreviewState): string {
  const { status, data } = preview;
  if (status === 'invalid') return 'The preview waits until every required field is mapped and each value is complete.';
  if (!data) return status === 'loading' ? 'Loading the preview…' : '';
  if (data.issues.length > 0) return 'The mapping has problems, marked on the fields they concern.';
  if (data.rows.length === 0) return 'No sample records to preview: the collection is empty.';
  const failing = data.rows.filter((row) => row.errors.length > 0).length;
  const records = plural(data.rows.length, 'sample record', 'sample records');
  return failing > 0 ? `${records}, ${failing} with field errors.` : `${records}, mapped with the changes above.`;
}

/**
 * The form's current mapping applied to a few real records of the collection, source beside result. It follows the
 * form through the debounced preview only, so it renders once per preview, not per keystroke.
 *
 * Data attributes: `[data-part="mapping-preview"]`: `data-state="idle" | "invalid" | "loading" | "success" | "error"`;
 * `[data-part="preview-record"]` and `[data-part="preview-field"]`: `data-state="ok" | "error"` (and `"empty"` for a
 * field the mapping does not send).
 */
const MappingPreview = memo(function MappingPreview() {
  const { editor, classNames } = useEditorContext();
  const preview = useMappingEditorState(editor, (state) => state.preview);
  const otherIssues = useMappingEditorState(editor, (state) => state.otherIssues);
  const titleId = useId();
  const fields = editor.mapping!.target.fields;
  const rows = preview.data?.issues.length ? [] : (preview.data?.rows ?? []);
  const status = statusText(preview);
  return (
    <section
      {...part('mapping-preview', classNames)}
      data-state={preview.status}
      aria-labelledby={titleId}
      aria-busy={preview.status === 'loading' || undefined}
    >
      <h3 {...part('preview-title', classNames)} id={titleId}>
        Preview
      </h3>
      <p {...part('preview-status', classNames)} role="status">
        {status}
      </p>
      {preview.status === 'error' && (
        <p {...part('preview-error', classNames)} role="alert">
          The preview could not be loaded: {preview.error?.message}
        </p>
      )}
      {otherIssues.length > 0 && (
        <ul {...part('preview-issues', classNames)}>
          {otherIssues.map((issue) => (
            <li key={issue} {...part('preview-issue', classNames)}>
              {issue}
            </li>
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <ol {...part('preview-records', classNames)}>
          {rows.map(({ recordId, input, output, errors }, index) => {
            /** The errors about `key`, or (without it) about no target field, as sentences. */
            const messages = (key?: string) =>
              errors
                .filter((error) =>
                  key === undefined ? !fields.some((field) => field.key === error.field) : error.field === key,
                )
                .map((error) => issueText(undefined, error.message));
            const recordErrors = messages();
            return (
              <li
                key={recordId ?? index}
                {...part('preview-record', classNames)}
                data-state={errors.length > 0 ? 'error' : 'ok'}
              >
                <p {...part('preview-record-title', classNames)}>
                  Record {recordId ?? index + 1}
                  {output ? '' : ': not delivered'}
                  {recordErrors.length > 0 ? ` (${recordErrors.join(' ')})` : ''}
                </p>
                <div {...part('preview-input', classNames)}>
                  <p {...part('preview-pane-title', classNames)}>From the app</p>
                  <pre {...part('preview-json', classNames)}>{JSON.stringify(input, null, 2)}</pre>
                </div>
                <div {...part('preview-output', classNames)}>
                  <p {...part('preview-pane-title', classNames)}>Sent to your app</p>
                  <dl {...part('preview-fields', classNames)}>
                    {fields.map((field) => {
                      const { key } = field;
                      const failed = messages(key);
                      const sent = output !== undefined && Object.hasOwn(output, key);
                      const text = sent ? valueText(output[key]) : 'Not sent';
                      return (
                        <div
                          key={key}
                          {...part('preview-field', classNames)}
                          data-field={key}
                          data-state={failed.length > 0 ? 'error' : sent ? 'ok' : 'empty'}
                        >
                          <dt {...part('preview-field-name', classNames)}>{targetLabel(field)}</dt>
                          <dd {...part('preview-field-value', classNames)}>
                            {failed.length > 0 ? `${sent ? `Sent as ${text}: ` : ''}${failed.join(' ')}` : text}
                          </dd>
                        </div>
                      );
                    })}
                  </dl>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
});

export interface FieldMappingEditorProps extends FieldMappingEditorOptions {
  /** The data source whose mapping is edited. */
  dataSource: DataSourceRef;
  /** Class for the root. */
  className?: string;
  /** Classes for inner parts, by `data-part` name. */
  classNames?: PartClassNames<FieldMappingEditorPart>;
}

/**
 * Edits how one data source's records map onto the host's schema: one row per target field with a searchable source
 * picker (or a constant, a template, a lookup table), suggestions with their confidence, a live preview on sample
 * records, and save / cancel / reset to default. Built from its parts (`FieldMappingEditor.Root`, `.Header`,
 * `.Table`, `.Row`, `.Actions`, `.Preview`) over {@link useFieldMappingEditor}; compose those for another layout.
 *
 * Editing a row renders that row, the actions once when the form turns dirty, and the preview once its debounced
 * request answers; nothing else.
 */
function FieldMappingEditorComposite({ dataSource, className, classNames, ...options }: FieldMappingEditorProps) {
  const editor = useFieldMappingEditor(dataSource, options);
  return (
    <Root editor={editor} className={className} classNames={classNames}>
      <Header />
      <Table />
      <Actions />
      {options.preview !== false && <MappingPreview />}
    </Root>
  );
}

export const FieldMappingEditor = Object.assign(FieldMappingEditorComposite, {
  Root,
  Header,
  Table,
  Row: MappingRow,
  Actions,
  Preview: MappingPreview,
});

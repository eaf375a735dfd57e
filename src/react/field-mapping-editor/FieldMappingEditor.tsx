import { memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useController } from 'react-hook-form';
import type { DataSourceRef } from '../../engine/index.ts';
import {
  useFieldMappingEditor,
  useMappingEditorState,
  type FieldMappingEditorApi,
  type FieldMappingEditorOptions,
} from '../hooks/useFieldMappingEditor.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { plural } from '../utils/format.ts';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { part, type PartClassNames } from '../utils/part.ts';
import { EditorContext, useEditorContext, type FieldMappingEditorPart } from './context.ts';
import { MappingPreview } from './MappingPreview.tsx';
import { MappingRow } from './MappingRow.tsx';

export type { FieldMappingEditorPart } from './context.ts';
export type { MappingRowProps } from './MappingRow.tsx';

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

/** What is mapped, whether it is the default, the suggestions' status, and the policy for records that fail. */
const Header = memo(function Header() {
  const { editor, classNames } = useEditorContext();
  const resolved = editor.mapping?.dataSource;
  return (
    <div {...part('editor-header', classNames)}>
      <p {...part('editor-source', classNames)}>
        Fields of <strong {...part('editor-source-name', classNames)}>{resolved?.dataModel ?? resolved?.collection}</strong>{' '}
        records
        {resolved?.dataModel !== undefined && resolved.dataModel !== resolved.collection
          ? `, from the ${resolved.collection} collection`
          : ''}
      </p>
      {editor.mapping?.isDefault && <span {...part('default-badge', classNames)}>Default mapping</span>}
      <p {...part('suggestions-status', classNames)} role="status" data-state={editor.suggestions.status}>
        {suggestionsText(editor)}
      </p>
      <ErrorPolicy />
    </div>
  );
});

function ErrorPolicy() {
  const { editor, classNames } = useEditorContext();
  const { field } = useController({ control: editor.form.control, name: 'onError' });
  return (
    <label {...part('error-policy', classNames)}>
      When a record cannot be mapped{' '}
      <select {...part('error-policy-select', classNames)} {...field}>
        <option {...part('error-policy-option', classNames)} value="skip">
          skip the record
        </option>
        <option {...part('error-policy-option', classNames)} value="null">
          send its failing optional fields as null
        </option>
      </select>
    </label>
  );
}

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
          <th {...part('mapping-column-header', classNames)} scope="col">
            Field
          </th>
          <th {...part('mapping-column-header', classNames)} scope="col">
            Value
          </th>
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

/**
 * Save, cancel and reset, with the save's status.
 *
 * Data attributes: `[data-part="editor-actions"]`:
 * `data-state="pristine" | "dirty" | "invalid" | "saving" | "saved" | "error"`.
 */
const Actions = memo(function Actions() {
  const { editor, classNames } = useEditorContext();
  const dirty = useMappingEditorState(editor, (state) => state.dirty);
  const save = useMappingEditorState(editor, (state) => state.save);
  const saving = save.status === 'saving';
  const isDefault = editor.mapping?.isDefault ?? false;
  const state =
    save.status === 'saving' || save.status === 'error' || save.status === 'invalid'
      ? save.status
      : dirty
        ? 'dirty'
        : save.status === 'saved'
          ? 'saved'
          : 'pristine';
  const status = useRef<HTMLParagraphElement>(null);
  const actions = useRef<HTMLDivElement>(null);
  const previous = useRef(state);
  // Saving or cancelling disables the button that was pressed, and the browser drops its focus to the page:
  // keep a keyboard user here, on the status that says what happened.
  useEffect(() => {
    const was = previous.current;
    previous.current = state;
    const done = (was === 'saving' && state === 'saved') || (was === 'dirty' && state === 'pristine');
    const doc = actions.current?.ownerDocument;
    const focused = doc?.activeElement;
    const lost = !focused || focused === doc.body || (actions.current?.contains(focused) && (focused as HTMLButtonElement).disabled);
    if (done && lost) status.current?.focus();
  }, [state]);
  return (
    <div {...part('editor-actions', classNames)} data-state={state} ref={actions}>
      {(save.status === 'error' || save.status === 'invalid') && (
        <p {...part('save-error', classNames)} role="alert" data-reason={save.status}>
          {save.status === 'invalid'
            ? 'Some fields need attention before the mapping can be saved.'
            : `The mapping was not saved: ${save.error?.message ?? 'something went wrong.'}`}
        </p>
      )}
      <p {...part('save-status', classNames)} role="status" tabIndex={-1} ref={status}>
        {saving ? 'Saving the mapping…' : dirty ? 'Unsaved changes.' : save.status === 'saved' ? 'Mapping saved.' : ''}
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

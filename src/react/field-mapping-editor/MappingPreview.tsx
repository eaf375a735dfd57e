import { memo, useId } from 'react';
import type { PreviewRow, TargetField } from '../../engine/index.ts';
import { useMappingEditorState, type MappingPreviewState } from '../hooks/useFieldMappingEditor.ts';
import { plural } from '../utils/format.ts';
import { targetLabel } from '../utils/mappingForm.ts';
import { issueText } from '../utils/mappingIssues.ts';
import { part } from '../utils/part.ts';
import { useEditorContext, type EditorClassNames } from './context.ts';

/** A mapped value as text: external values are shown, never interpreted as markup or links. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
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
export const MappingPreview = memo(function MappingPreview() {
  const { editor, classNames } = useEditorContext();
  const preview = useMappingEditorState(editor, (state) => state.preview);
  const otherIssues = useMappingEditorState(editor, (state) => state.otherIssues);
  const titleId = useId();
  const fields = editor.mapping?.target.fields ?? [];
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
            <li {...part('preview-issue', classNames)} key={issue}>
              {issue}
            </li>
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <ol {...part('preview-records', classNames)}>
          {rows.map((row, index) => (
            <PreviewRecord key={row.recordId ?? index} row={row} index={index} fields={fields} classNames={classNames} />
          ))}
        </ol>
      )}
    </section>
  );
});

function PreviewRecord({
  row,
  index,
  fields,
  classNames,
}: {
  row: PreviewRow;
  index: number;
  fields: readonly TargetField[];
  classNames: EditorClassNames;
}) {
  const errors = new Map<string, string[]>();
  for (const error of row.errors) errors.set(error.field, [...(errors.get(error.field) ?? []), issueText(undefined, error.message)]);
  const known = new Set(fields.map((field) => field.key));
  const recordErrors = row.errors.filter((error) => !known.has(error.field)).map((error) => issueText(undefined, error.message));
  const title = row.recordId !== undefined ? `Record ${row.recordId}` : `Record ${index + 1}`;
  return (
    <li {...part('preview-record', classNames)} data-state={row.errors.length > 0 ? 'error' : 'ok'}>
      <p {...part('preview-record-title', classNames)}>
        {title}
        {row.output ? '' : ': not delivered'}
        {recordErrors.length > 0 ? ` (${recordErrors.join(' ')})` : ''}
      </p>
      <div {...part('preview-input', classNames)}>
        <p {...part('preview-pane-title', classNames)}>From the app</p>
        <pre {...part('preview-json', classNames)}>{JSON.stringify(row.input, null, 2)}</pre>
      </div>
      <div {...part('preview-output', classNames)}>
        <p {...part('preview-pane-title', classNames)}>Sent to your app</p>
        <dl {...part('preview-fields', classNames)}>
          {fields.map((field) => {
            const messages = errors.get(field.key);
            const sent = row.output !== undefined && Object.hasOwn(row.output, field.key);
            return (
              <div
                {...part('preview-field', classNames)}
                key={field.key}
                data-field={field.key}
                data-state={messages ? 'error' : sent ? 'ok' : 'empty'}
              >
                <dt {...part('preview-field-name', classNames)}>{targetLabel(field)}</dt>
                <dd {...part('preview-field-value', classNames)}>
                  {messages
                    ? `${sent ? `Sent as ${valueText(row.output?.[field.key])}: ` : ''}${messages.join(' ')}`
                    : sent
                      ? valueText(row.output?.[field.key])
                      : 'Not sent'}
                </dd>
              </div>
            );
          })}
        </dl>
      </div>
    </li>
  );
}

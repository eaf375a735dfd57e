import { useId } from 'react';
import type { SourceField } from '../../engine/index.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { safeHref } from '../utils/links.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { useCollectionPickerContext, type CollectionPickerPart } from './collectionPickerContext.ts';
import { readSamplePath, sampleText } from './sampleValues.ts';

type Classes = PartClassNames<CollectionPickerPart> | undefined;

/**
 * A few records of the selected option's collection, as a table with one column per field; loaded only
 * once something is selected. Values render as text; only `http`, `https` and `mailto` values become links.
 *
 * Data attributes:
 * - `[data-part="samples"]`: `data-state="idle" | "loading" | "success" | "error"`; `data-collection`, the collection's key.
 * - `[data-part="samples-status"]` (`role="status"`), `[data-part="samples-error"]` (`role="alert"`, `data-error-code`)
 *   and `[data-part="samples-empty"]` stand in for the table.
 * - `[data-part="sample-cell"]`: `data-field`, the field's source path.
 */
export interface CollectionPickerSamplesProps {
  className?: string;
}

export function CollectionPickerSamples({ className }: CollectionPickerSamplesProps) {
  const { selected, samples, classNames } = useCollectionPickerContext('CollectionPicker.Samples');
  const collection = selected?.collection;
  if (!collection) return null;
  const { status, records, error, reload } = samples;
  return (
    <div {...part('samples', classNames, className)} data-state={status} data-collection={collection.key}>
      {records === undefined && status !== 'error' && (
        <LoadingMessage part="samples-status" classNames={classNames} spinner role="status">
          Loading sample records…
        </LoadingMessage>
      )}
      {status === 'error' && (
        <LoadError
          part="samples-error"
          messagePart="picker-error-message"
          messageAs="span"
          classNames={classNames}
          data-error-code={error?.code}
          onRetry={reload}
        >
          Sample records could not be loaded. {error?.message}
        </LoadError>
      )}
      {records?.length === 0 && (
        <p {...part('samples-empty', classNames)}>{collection.name} has no records yet.</p>
      )}
      {records !== undefined && records.length > 0 && (
        <SampleTable name={collection.name} fields={collection.fields} records={records} classNames={classNames} />
      )}
    </div>
  );
}

interface SampleTableProps {
  name: string;
  fields: readonly SourceField[];
  records: readonly unknown[];
  classNames: Classes;
}

function SampleTable({ name, fields, records, classNames }: SampleTableProps) {
  const captionId = useId();
  const columns = fields.length > 0 ? fields : fieldsOf(records[0]);
  return (
    // Focusable, so a keyboard can scroll a table wider than its box.
    <div {...part('samples-region', classNames)} role="region" aria-labelledby={captionId} tabIndex={0}>
      <table {...part('sample-table', classNames)}>
        <caption {...part('sample-caption', classNames)} id={captionId}>
          Sample {name} records
        </caption>
        <thead {...part('sample-head', classNames)}>
          <tr {...part('sample-row', classNames)}>
            {columns.map((field) => (
              <th {...part('sample-column', classNames)} key={field.path} scope="col">
                {field.label ?? field.path}
              </th>
            ))}
          </tr>
        </thead>
        <tbody {...part('sample-body', classNames)}>
          {records.map((record, index) => (
            // Sample records have no identity the table can rely on; their order is the app's.
            <tr {...part('sample-row', classNames)} key={index}>
              {columns.map((field) => (
                <td {...part('sample-cell', classNames)} key={field.path} data-field={field.path}>
                  <SampleValue value={readSamplePath(record, field.path)} classNames={classNames} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A collection without a declared schema shows the top-level keys of its first record. */
function fieldsOf(record: unknown): SourceField[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return [];
  return Object.keys(record).map((key) => ({ path: key, type: 'string' }));
}

function SampleValue({ value, classNames }: { value: unknown; classNames: Classes }) {
  const text = sampleText(value);
  if (text === '') {
    return (
      <span {...part('sample-empty-value', classNames)} title="No value">
        —
      </span>
    );
  }
  const href = safeHref(value);
  if (href === undefined) return text;
  return (
    <a {...part('sample-link', classNames)} href={href} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  );
}

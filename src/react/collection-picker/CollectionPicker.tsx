import { useId, type ReactNode } from 'react';
import {
  useCollectionPicker,
  type CollectionPickerOption,
  type UseCollectionPickerOptions,
} from '../hooks/useCollectionPicker.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { toPickerValue } from '../utils/dataSource.ts';
import { plural } from '../utils/format.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import {
  CollectionPickerContext,
  useCollectionPickerContext,
  type CollectionPickerContextValue,
  type CollectionPickerPart,
} from './collectionPickerContext.ts';
import { CollectionPickerSamples } from './SampleRecords.tsx';

export type { CollectionPickerPart } from './collectionPickerContext.ts';
export type { CollectionPickerSamplesProps } from './SampleRecords.tsx';
export type { CollectionPickerOption } from '../hooks/useCollectionPicker.ts';

/**
 * Holds what the parts share (the listing, the selection, the selected option's samples) and renders the
 * radio group's fieldset and legend.
 *
 * Data attributes: `[data-part="collection-picker"]`:
 * `data-state="idle" | "loading" | "empty" | "success" | "error"`, the listing's status.
 */
export interface CollectionPickerRootProps extends UseCollectionPickerOptions {
  /** The connection whose collections are listed. */
  connectionId: string;
  /**
   * The group's visible legend.
   * @default 'What to import'
   */
  legend?: string;
  /** Class for the root fieldset. */
  className?: string;
  /** Classes for inner parts, by `data-part` name. */
  classNames?: PartClassNames<CollectionPickerPart>;
  children?: ReactNode;
}

function Root({ connectionId, legend = 'What to import', className, classNames, children, ...options }: CollectionPickerRootProps) {
  const picker = useCollectionPicker(connectionId, options);
  const name = useId();
  const value: CollectionPickerContextValue = { ...picker, connectionId, name, classNames };
  return (
    <CollectionPickerContext.Provider value={value}>
      <fieldset
        {...part('collection-picker', classNames, className)}
        data-state={picker.status}
        aria-busy={picker.status === 'loading' || undefined}
      >
        <legend {...part('picker-legend', classNames)}>{legend}</legend>
        {children}
      </fieldset>
    </CollectionPickerContext.Provider>
  );
}

/**
 * The options as native radios in two groups, data models then collections, each with its field count;
 * arrow keys move the selection. Until the listing is loaded, or when it is empty or failed, it says so instead.
 *
 * Data attributes:
 * - `[data-part="picker-group"]`: `data-group="data-models" | "collections"`.
 * - `[data-part="picker-status"]` (`role="status"`), `[data-part="picker-error"]` (`role="alert"`, `data-error-code`)
 *   and `[data-part="picker-empty"]` stand in for the groups.
 */
export interface CollectionPickerListProps {
  className?: string;
}

function List({ className }: CollectionPickerListProps) {
  const { status, error, retry, listing, dataModels, collections, classNames } = useCollectionPickerContext('CollectionPicker.List');
  return (
    <>
      {!listing && status !== 'error' && (
        <LoadingMessage part="picker-status" classNames={classNames} className={className} role="status">
          Loading collections…
        </LoadingMessage>
      )}
      {status === 'error' && (
        <LoadError
          part="picker-error"
          messagePart="picker-error-message"
          messageAs="span"
          classNames={classNames}
          className={className}
          data-error-code={error?.code}
          onRetry={retry}
          retryLabel="Retry"
        >
          {error?.message ?? 'The collections could not be loaded.'}
        </LoadError>
      )}
      {status === 'empty' && <p {...part('picker-empty', classNames, className)}>This app has nothing to import.</p>}
      {(dataModels.length > 0 || collections.length > 0) && (
        <div {...part('picker-groups', classNames, className)}>
          {dataModels.length > 0 && (
            <fieldset {...part('picker-group', classNames)} data-group="data-models">
              <legend {...part('picker-group-legend', classNames)}>Data models</legend>
              {dataModels.map((option) => (
                <Option key={option.value} option={option} />
              ))}
            </fieldset>
          )}
          {collections.length > 0 && (
            <fieldset {...part('picker-group', classNames)} data-group="collections">
              <legend {...part('picker-group-legend', classNames)}>Collections</legend>
              {collections.map((option) => (
                <Option key={option.value} option={option} />
              ))}
            </fieldset>
          )}
        </div>
      )}
    </>
  );
}

/** What an option's description says: where a data model's records come from, and how many fields. */
function optionDetail(option: CollectionPickerOption): string {
  const { collection } = option;
  if (!option.available) return 'Not available in this app';
  const fields = collection ? plural(collection.fields.length, 'field', 'fields') : undefined;
  if (option.kind === 'data-model') {
    const from = `From the ${collection?.name ?? option.dataSource.dataModel} collection`;
    return fields ? `${from} · ${fields}` : from;
  }
  return collection?.description ? `${fields} · ${collection.description}` : (fields ?? '');
}

/**
 * One choice as a radio with its name and description.
 *
 * Data attributes: `[data-part="picker-option"]`: `data-state="checked" | "unchecked"`;
 * `data-kind="data-model" | "collection"`; `data-disabled` for a data model this app cannot provide.
 */
export interface CollectionPickerOptionProps {
  option: CollectionPickerOption;
  className?: string;
}

function Option({ option, className }: CollectionPickerOptionProps) {
  const { name, value, connectionId, select, classNames } = useCollectionPickerContext('CollectionPicker.Option');
  const id = useId();
  const checked = toPickerValue(value, connectionId) === option.value;
  const detailId = `${id}-detail`;
  return (
    <div
      {...part('picker-option', classNames, className)}
      data-state={checked ? 'checked' : 'unchecked'}
      data-kind={option.kind}
      data-disabled={option.available ? undefined : ''}
    >
      <input
        {...part('option-input', classNames)}
        type="radio"
        id={id}
        name={name}
        value={option.value}
        checked={checked}
        disabled={!option.available}
        onChange={(event) => select(event.target.value)}
        aria-describedby={detailId}
      />
      <label {...part('option-label', classNames)} htmlFor={id}>
        <span {...part('option-name', classNames)}>{option.name}</span>
      </label>
      <span {...part('option-detail', classNames)} id={detailId}>
        {optionDetail(option)}
      </span>
    </div>
  );
}

/**
 * The selected option: the collection a data model resolved to, its fields, and a few sample records.
 * Renders nothing until something is selected.
 *
 * Data attributes: `[data-part="picker-details"]`: `data-kind="data-model" | "collection"`; `data-collection`,
 * the resolved collection's key.
 */
export interface CollectionPickerDetailsProps {
  className?: string;
  /** Replaces the sample records below the fields. */
  children?: ReactNode;
}

function Details({ className, children }: CollectionPickerDetailsProps) {
  const { selected, classNames } = useCollectionPickerContext('CollectionPicker.Details');
  const titleId = useId();
  if (!selected) return null;
  const { collection } = selected;
  return (
    <section
      {...part('picker-details', classNames, className)}
      aria-labelledby={titleId}
      data-kind={selected.kind}
      data-collection={collection?.key}
    >
      <h3 {...part('details-title', classNames)} id={titleId}>
        {selected.name}
      </h3>
      {selected.kind === 'data-model' && collection && (
        <p {...part('details-resolution', classNames)}>
          The {selected.name} data model imports the {collection.name} collection of this app.
        </p>
      )}
      {collection && (
        <p {...part('details-fields', classNames)}>
          {plural(collection.fields.length, 'field', 'fields')}
          {collection.fields.length > 0 && `: ${collection.fields.map((field) => field.label ?? field.path).join(', ')}`}
        </p>
      )}
      {children ?? <CollectionPickerSamples />}
    </section>
  );
}

/**
 * Picks what to import from one connection: a data model (resolved to the app's collection) or a raw collection,
 * each with its field count, and a few sample records of the one selected. Native radios, controlled (`value`)
 * or uncontrolled (`defaultValue`).
 *
 * Composed of `CollectionPicker.Root`, `.List`, `.Option`, `.Details` and `.Samples`; hosts can compose those
 * in their own layout, or use `useCollectionPicker` with their own markup.
 */
export type CollectionPickerProps = Omit<CollectionPickerRootProps, 'children'>;

export function CollectionPicker(props: CollectionPickerProps) {
  return (
    <Root {...props}>
      <List />
      <Details />
    </Root>
  );
}

CollectionPicker.Root = Root;
CollectionPicker.List = List;
CollectionPicker.Option = Option;
CollectionPicker.Details = Details;
CollectionPicker.Samples = CollectionPickerSamples;

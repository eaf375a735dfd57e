import { useId, useMemo, type ReactNode } from 'react';
import type { Resource, TributaryClient } from '../../client/index.ts';
import { liveResource, type LiveResource } from '../../client/resource.ts';
import type { CollectionsListing, SampleRecords } from '../../engine/index.ts';
import { useCollections } from '../hooks/useCollections.ts';
import type {
  CollectionPickerOption,
  UseCollectionPickerOptions,
  UseCollectionPickerResult,
} from '../hooks/useCollectionPicker.ts';
import { NO_RESOURCE, useResource } from '../hooks/useResource.ts';
import type { SampleRecordsState } from '../hooks/useSampleRecords.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { dataSourceKey } from '../utils/dataSource.ts';
import { toDisplayError } from '../utils/errors.ts';
import { plural } from '../utils/format.ts';
import { safeHref } from '../utils/links.ts';
import { part, regionProps, type PartClassNames } from '../utils/part.ts';
import { useControllableState } from '../utils/useControllableState.ts';
import {
  CollectionPickerContext,
  useCollectionPickerContext,
  type CollectionPickerPart,
} from './collectionPickerContext.ts';
import { readSamplePath, sampleText } from './sampleValues.ts';

export type { CollectionPickerPart } from './collectionPickerContext.ts';
export type { CollectionPickerOption } from '../hooks/useCollectionPicker.ts';

type Classes = PartClassNames<CollectionPickerPart> | undefined;

/** The listing's data models, then its collections, as options. */
function optionsOf(connectionId: string, listing: CollectionsListing | undefined): CollectionPickerOption[] {
  if (!listing) return [];
  const byKey = new Map(listing.collections.map((collection) => [collection.key, collection]));
  return [
    ...listing.dataModels.map(
      ({ key, name, collection }): CollectionPickerOption => ({
        value: `model:${key}`,
        kind: 'data-model',
        key,
        name,
        collection: collection === undefined ? undefined : byKey.get(collection),
        available: collection !== undefined,
        dataSource: { connectionId, dataModel: key },
      }),
    ),
    ...listing.collections.map(
      (collection): CollectionPickerOption => ({
        value: `collection:${collection.key}`,
        kind: 'collection',
        key: collection.key,
        name: collection.name,
        collection,
        available: true,
        dataSource: { connectionId, collection: collection.key },
      }),
    ),
  ];
}

/**
 * What `<CollectionPicker/>` shows, for a host that brings its own markup: the connection's data models and
 * collections as options, the selection (controlled or not), and sample records of the selected one.
 */
export function useCollectionPicker(connectionId: string, options: UseCollectionPickerOptions = {}): UseCollectionPickerResult {
  const client = useTributaryClient();
  const snapshot = useCollections(connectionId);
  const [selectedValue, setSelected] = useControllableState(options.value, options.defaultValue, options.onValueChange);
  const listing = snapshot.data;
  const all = optionsOf(connectionId, listing);
  // The option the value names: a data source of another connection names none.
  const checked = selectedValue && dataSourceKey(selectedValue);
  const selected = all.find((option) => dataSourceKey(option.dataSource) === checked);
  return {
    status: snapshot.status === 'success' && all.length === 0 ? 'empty' : snapshot.status,
    error: snapshot.error ? toDisplayError(snapshot.error) : undefined,
    retry: () => void client.collections(connectionId).refresh().catch(() => {}),
    listing,
    dataModels: all.filter((option) => option.kind === 'data-model'),
    collections: all.filter((option) => option.kind === 'collection'),
    value: selectedValue ?? null,
    selected,
    select: (value) => {
      const option = all.find((candidate) => candidate.value === value);
      if (option?.available) setSelected(option.dataSource);
    },
    samples: useSampleRecords(connectionId, selected?.collection?.key, options.sampleLimit),
  };
}

// Per client, so a second look at a collection costs no request, and two clients never share records.
const sampleCaches = new WeakMap<TributaryClient, Map<string, LiveResource<SampleRecords>>>();

/**
 * A few records of one collection, as the app returns them. Nothing is requested until a component
 * subscribes with a collection (so only what is shown loads), and each collection is asked once per client.
 */
export function useSampleRecords(connectionId: string, collection: string | undefined, limit = 3): SampleRecordsState {
  const client = useTributaryClient();
  let resource: Resource<SampleRecords> = NO_RESOURCE;
  if (collection !== undefined) {
    let cache = sampleCaches.get(client);
    if (!cache) sampleCaches.set(client, (cache = new Map()));
    const key = JSON.stringify([connectionId, collection, limit]);
    resource = cache.get(key) ?? cache.set(key, liveResource(() => client.sampleRecords(connectionId, collection, limit))).get(key)!;
  }
  const snapshot = useResource(resource);
  return useMemo(
    () => ({
      status: snapshot.status,
      // Kept while a reload is under way or fails.
      records: snapshot.data?.records,
      error: snapshot.error && toDisplayError(snapshot.error),
      reload: () => void resource.refresh().catch(() => {}),
    }),
    [snapshot, resource],
  );
}

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
  return (
    <CollectionPickerContext.Provider value={{ ...picker, name, classNames }}>
      <fieldset {...part('collection-picker', classNames, className)} {...regionProps(picker.status)}>
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
  const groups = [
    [dataModels, 'data-models', 'Data models'],
    [collections, 'collections', 'Collections'],
  ] as const;
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
          {error?.message}
        </LoadError>
      )}
      {status === 'empty' && <p {...part('picker-empty', classNames, className)}>This app has nothing to import.</p>}
      {(dataModels.length > 0 || collections.length > 0) && (
        <div {...part('picker-groups', classNames, className)}>
          {groups.map(
            ([options, group, legend]) =>
              options.length > 0 && (
                <fieldset key={group} {...part('picker-group', classNames)} data-group={group}>
                  <legend {...part('picker-group-legend', classNames)}>{legend}</legend>
                  {options.map((option) => (
                    <Option key={option.value} option={option} />
                  ))}
                </fieldset>
              ),
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
  const { name, selected, select, classNames } = useCollectionPickerContext('CollectionPicker.Option');
  const id = useId();
  const checked = selected?.value === option.value;
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
      {children ?? <Samples />}
    </section>
  );
}

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

function Samples({ className }: CollectionPickerSamplesProps) {
  const { selected, samples, classNames } = useCollectionPickerContext('CollectionPicker.Samples');
  const captionId = useId();
  const collection = selected?.collection;
  if (!collection) return null;
  const { status, records, error, reload } = samples;
  const { name, fields } = collection;
  const first = records?.[0];
  // A collection without a declared schema shows the top-level keys of its first record.
  const columns: readonly { path: string; label?: string }[] =
    fields.length > 0 ? fields : first && typeof first === 'object' && !Array.isArray(first) ? Object.keys(first).map((path) => ({ path })) : [];
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
      {records &&
        (records.length === 0 ? (
          <p {...part('samples-empty', classNames)}>{name} has no records yet.</p>
        ) : (
          // Focusable, so a keyboard can scroll a table wider than its box.
          <div {...part('samples-region', classNames)} role="region" aria-labelledby={captionId} tabIndex={0}>
            <table {...part('sample-table', classNames)}>
              <caption {...part('sample-caption', classNames)} id={captionId}>
                Sample {name} records
              </caption>
              <thead {...part('sample-head', classNames)}>
                <tr {...part('sample-row', classNames)}>
                  {columns.map((field) => (
                    <th key={field.path} {...part('sample-column', classNames)} scope="col">
                      {field.label ?? field.path}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody {...part('sample-body', classNames)}>
                {records.map((record, index) => (
                  // Sample records have no identity the table can rely on; their order is the app's.
                  <tr key={index} {...part('sample-row', classNames)}>
                    {columns.map((field) => (
                      <td key={field.path} {...part('sample-cell', classNames)} data-field={field.path}>
                        {sampleValue(readSamplePath(record, field.path), classNames)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </div>
  );
}

/** A value as text: nothing as a dash, and only `http`, `https` and `mailto` URLs as links. */
function sampleValue(value: unknown, classNames: Classes) {
  const text = sampleText(value);
  const href = safeHref(value);
  return text === '' ? (
    <span {...part('sample-empty-value', classNames)} title="No value">
      —
    </span>
  ) : href === undefined ? (
    text
  ) : (
    <a {...part('sample-link', classNames)} href={href} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
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
CollectionPicker.Samples = Samples;

import { useId, type ChangeEvent } from 'react';
import type { CollectionSummary, DataModelSummary, DataSourceRef } from '../../engine/index.ts';
import { useCollections } from '../hooks/useCollections.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { fromPickerValue, toPickerValue } from '../utils/dataSource.ts';
import { plural } from '../utils/format.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { useControllableState } from '../utils/useControllableState.ts';

export type CollectionPickerPart =
  | 'collection-picker'
  | 'picker-legend'
  | 'picker-status'
  | 'picker-error'
  | 'picker-error-message'
  | 'retry-button'
  | 'picker-empty'
  | 'picker-group'
  | 'picker-group-legend'
  | 'picker-option'
  | 'option-input'
  | 'option-label'
  | 'option-name'
  | 'option-detail';

/**
 * Picks what to import from one connection: a data model (resolved to the app's collection) or a raw collection.
 * A group of native radios, controlled (`value`) or uncontrolled (`defaultValue`).
 *
 * Data attributes:
 * - `[data-part="collection-picker"]`: `data-state="idle" | "loading" | "success" | "error"`, the listing's load status.
 * - `[data-part="picker-group"]`: `data-group="data-models" | "collections"`.
 * - `[data-part="picker-option"]`: `data-state="checked" | "unchecked"`; `data-kind="data-model" | "collection"`;
 *   `data-disabled` for a data model this app cannot provide.
 */
export interface CollectionPickerProps {
  /** The connection whose collections are listed. */
  connectionId: string;
  /** The selected data source (controlled); `null` for none. */
  value?: DataSourceRef | null;
  /** The data source selected at first (uncontrolled). */
  defaultValue?: DataSourceRef;
  /** Called with the data source the user picks. */
  onValueChange?: (value: DataSourceRef) => void;
  /**
   * The group's visible legend.
   * @default 'What to import'
   */
  legend?: string;
  /** Class for the root fieldset. */
  className?: string;
  /** Classes for inner parts, by `data-part` name. */
  classNames?: PartClassNames<CollectionPickerPart>;
}

export function CollectionPicker({
  connectionId,
  value,
  defaultValue,
  onValueChange,
  legend = 'What to import',
  className,
  classNames,
}: CollectionPickerProps) {
  const client = useTributaryClient();
  const snapshot = useCollections(connectionId);
  const [selected, setSelected] = useControllableState(value, defaultValue, onValueChange);
  const name = useId();
  const checked = toPickerValue(selected, connectionId);
  const listing = snapshot.data;

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const next = fromPickerValue(event.target.value, connectionId);
    if (next) setSelected(next);
  };
  const option = (optionProps: Omit<OptionProps, 'name' | 'checked' | 'onChange' | 'classNames'>) => (
    <Option
      {...optionProps}
      key={optionProps.value}
      name={name}
      checked={checked === optionProps.value}
      onChange={onChange}
      classNames={classNames}
    />
  );

  return (
    <fieldset
      {...part('collection-picker', classNames, className)}
      data-state={snapshot.status}
      aria-busy={snapshot.status === 'loading' || undefined}
    >
      <legend {...part('picker-legend', classNames)}>{legend}</legend>
      {!listing && snapshot.status !== 'error' && (
        <p {...part('picker-status', classNames)} role="status">
          Loading collections…
        </p>
      )}
      {snapshot.status === 'error' && (
        <div {...part('picker-error', classNames)} role="alert">
          <span {...part('picker-error-message', classNames)}>
            {snapshot.error?.message ?? 'The collections could not be loaded.'}
          </span>{' '}
          <button
            {...part('retry-button', classNames)}
            type="button"
            onClick={() => void client.collections(connectionId).refresh().catch(() => {})}
          >
            Retry
          </button>
        </div>
      )}
      {listing && listing.dataModels.length === 0 && listing.collections.length === 0 && (
        <p {...part('picker-empty', classNames)}>This app has nothing to import.</p>
      )}
      {listing && listing.dataModels.length > 0 && (
        <fieldset {...part('picker-group', classNames)} data-group="data-models">
          <legend {...part('picker-group-legend', classNames)}>Data models</legend>
          {listing.dataModels.map((model) =>
            option({
              value: `model:${model.key}`,
              kind: 'data-model',
              label: model.name,
              detail: dataModelDetail(model, listing.collections),
              disabled: model.collection === undefined,
            }),
          )}
        </fieldset>
      )}
      {listing && listing.collections.length > 0 && (
        <fieldset {...part('picker-group', classNames)} data-group="collections">
          <legend {...part('picker-group-legend', classNames)}>Collections</legend>
          {listing.collections.map((collection) =>
            option({
              value: `collection:${collection.key}`,
              kind: 'collection',
              label: collection.name,
              detail: collectionDetail(collection),
              disabled: false,
            }),
          )}
        </fieldset>
      )}
    </fieldset>
  );
}

function dataModelDetail(model: DataModelSummary, collections: readonly CollectionSummary[]): string {
  if (model.collection === undefined) return 'Not available in this app';
  const collection = collections.find((candidate) => candidate.key === model.collection);
  return `From the ${collection?.name ?? model.collection} collection`;
}

function collectionDetail(collection: CollectionSummary): string {
  const fields = plural(collection.fields.length, 'field', 'fields');
  return collection.description ? `${fields} · ${collection.description}` : fields;
}

interface OptionProps {
  name: string;
  value: string;
  kind: 'data-model' | 'collection';
  label: string;
  detail: string;
  disabled: boolean;
  checked: boolean;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  classNames: PartClassNames<CollectionPickerPart> | undefined;
}

function Option({ name, value, kind, label, detail, disabled, checked, onChange, classNames }: OptionProps) {
  const id = useId();
  return (
    <div
      {...part('picker-option', classNames)}
      data-state={checked ? 'checked' : 'unchecked'}
      data-kind={kind}
      data-disabled={disabled ? '' : undefined}
    >
      <input
        {...part('option-input', classNames)}
        type="radio"
        id={id}
        name={name}
        value={value}
        checked={checked}
        disabled={disabled}
        onChange={onChange}
        aria-describedby={`${id}-detail`}
      />
      <label {...part('option-label', classNames)} htmlFor={id}>
        <span {...part('option-name', classNames)}>{label}</span>
      </label>
      <span {...part('option-detail', classNames)} id={`${id}-detail`}>
        {detail}
      </span>
    </div>
  );
}

import { useCallback, useMemo } from 'react';
import type { ResourceStatus } from '../../client/index.ts';
import type { CollectionSummary, CollectionsListing, DataSourceRef } from '../../engine/index.ts';
import { fromPickerValue, toPickerValue, type PickerOptionValue } from '../utils/dataSource.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { useControllableState } from '../utils/useControllableState.ts';
import { useCollections } from './useCollections.ts';
import { useSampleRecords, type SampleRecordsState } from './useSampleRecords.ts';
import { useTributaryClient } from './useTributaryClient.ts';

export interface UseCollectionPickerOptions {
  /** The selected data source (controlled); `null` for none. */
  value?: DataSourceRef | null;
  /** The data source selected at first (uncontrolled). */
  defaultValue?: DataSourceRef;
  /** Called with the data source the user picks. */
  onValueChange?: (value: DataSourceRef) => void;
  /**
   * How many sample records to show for the selected option.
   * @default 3
   */
  sampleLimit?: number;
}

/** One choice: a data model (with the collection it resolves to) or a raw collection. */
export interface CollectionPickerOption {
  /** The option's radio value: `model:<key>` or `collection:<key>`. */
  value: PickerOptionValue;
  kind: 'data-model' | 'collection';
  key: string;
  name: string;
  /** The collection whose records it imports: itself, or the one a data model resolves to in this app. */
  collection: CollectionSummary | undefined;
  /** False for a data model this app cannot provide. */
  available: boolean;
  /** The data source it stands for. */
  dataSource: DataSourceRef;
}

/** `empty` once loaded with nothing to import. */
export type CollectionPickerStatus = ResourceStatus | 'empty';

export interface UseCollectionPickerResult {
  status: CollectionPickerStatus;
  /** Why the listing could not be loaded. */
  error: DisplayError | undefined;
  /** Loads the listing again. */
  retry: () => void;
  listing: CollectionsListing | undefined;
  dataModels: readonly CollectionPickerOption[];
  collections: readonly CollectionPickerOption[];
  /** The selected data source, `null` for none. */
  value: DataSourceRef | null;
  /** The option the value names, once the listing has it. */
  selected: CollectionPickerOption | undefined;
  /** Selects an option by its radio value; does nothing for an unavailable one. */
  select: (value: string) => void;
  /** A few records of the selected option's collection; nothing is asked before something is selected. */
  samples: SampleRecordsState;
}

const NONE: readonly CollectionPickerOption[] = [];

function optionsOf(connectionId: string, listing: CollectionsListing | undefined) {
  if (!listing) return { dataModels: NONE, collections: NONE };
  const byKey = new Map(listing.collections.map((collection) => [collection.key, collection]));
  const dataModels = listing.dataModels.map(
    (model): CollectionPickerOption => ({
      value: `model:${model.key}`,
      kind: 'data-model',
      key: model.key,
      name: model.name,
      collection: model.collection === undefined ? undefined : byKey.get(model.collection),
      available: model.collection !== undefined,
      dataSource: { connectionId, dataModel: model.key },
    }),
  );
  const collections = listing.collections.map(
    (collection): CollectionPickerOption => ({
      value: `collection:${collection.key}`,
      kind: 'collection',
      key: collection.key,
      name: collection.name,
      collection,
      available: true,
      dataSource: { connectionId, collection: collection.key },
    }),
  );
  return { dataModels, collections };
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
  const { dataModels, collections } = useMemo(() => optionsOf(connectionId, listing), [connectionId, listing]);
  const checked = toPickerValue(selectedValue, connectionId);
  const selected = useMemo(
    () => (checked === undefined ? undefined : [...dataModels, ...collections].find((option) => option.value === checked)),
    [checked, dataModels, collections],
  );
  const select = useCallback(
    (value: string) => {
      const option = [...dataModels, ...collections].find((candidate) => candidate.value === value);
      const next = fromPickerValue(value, connectionId);
      if (option?.available && next) setSelected(next);
    },
    [dataModels, collections, connectionId, setSelected],
  );
  const retry = useCallback(() => void client.collections(connectionId).refresh().catch(() => {}), [client, connectionId]);
  const samples = useSampleRecords(connectionId, selected?.collection?.key, options.sampleLimit);

  const empty = listing !== undefined && listing.dataModels.length === 0 && listing.collections.length === 0;
  return {
    status: snapshot.status === 'success' && empty ? 'empty' : snapshot.status,
    error: snapshot.error ? toDisplayError(snapshot.error) : undefined,
    retry,
    listing,
    dataModels,
    collections,
    value: selectedValue ?? null,
    selected,
    select,
    samples,
  };
}

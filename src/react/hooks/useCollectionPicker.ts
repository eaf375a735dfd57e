import type { ResourceStatus } from '../../client/index.ts';
import type { CollectionSummary, CollectionsListing, DataSourceRef } from '../../engine/index.ts';
import type { PickerOptionValue } from '../utils/dataSource.ts';
import type { DisplayError } from '../utils/errors.ts';
import type { SampleRecordsState } from './useSampleRecords.ts';

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

export { useCollectionPicker } from '../collection-picker/CollectionPicker.tsx';

import type { UseCollectionPickerResult } from '../hooks/useCollectionPicker.ts';
import { createPartsContext } from '../utils/createPartsContext.ts';
import type { PartClassNames } from '../utils/part.ts';

/** Every `data-part` the collection picker's parts render. */
export type CollectionPickerPart =
  | 'collection-picker'
  | 'picker-legend'
  | 'picker-status'
  | 'picker-error'
  | 'picker-error-message'
  | 'retry-button'
  | 'picker-empty'
  | 'picker-groups'
  | 'picker-group'
  | 'picker-group-legend'
  | 'picker-option'
  | 'option-input'
  | 'option-label'
  | 'option-name'
  | 'option-detail'
  | 'picker-details'
  | 'details-title'
  | 'details-resolution'
  | 'details-fields'
  | 'samples'
  | 'samples-status'
  | 'samples-error'
  | 'samples-empty'
  | 'samples-region'
  | 'sample-table'
  | 'sample-caption'
  | 'sample-head'
  | 'sample-body'
  | 'sample-row'
  | 'sample-column'
  | 'sample-cell'
  | 'sample-link'
  | 'sample-empty-value'
  | 'spinner';

export interface CollectionPickerContextValue extends UseCollectionPickerResult {
  /** The radios' shared name. */
  name: string;
  classNames: PartClassNames<CollectionPickerPart> | undefined;
}

export const [CollectionPickerContext, useCollectionPickerContext] = createPartsContext<CollectionPickerContextValue>(
  'CollectionPickerContext',
  '<CollectionPicker.Root>',
);

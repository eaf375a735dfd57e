import type { DisplayError } from '../utils/errors.ts';

export type SampleRecordsStatus = 'idle' | 'loading' | 'success' | 'error';

export interface SampleRecordsSnapshot {
  /** `idle` when no collection is asked for. */
  status: SampleRecordsStatus;
  /** The records as the app returned them; kept while a reload is under way or fails. */
  records: readonly unknown[] | undefined;
  error: DisplayError | undefined;
}

export interface SampleRecordsState extends SampleRecordsSnapshot {
  /** Asks the app again (after an error, or for fresher records). */
  reload: () => void;
}

export { useSampleRecords } from '../collection-picker/CollectionPicker.tsx';

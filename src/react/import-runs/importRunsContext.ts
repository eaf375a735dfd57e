import { createPartsContext } from '../utils/createPartsContext.ts';
import type { PartClassNames } from '../utils/part.ts';
import type { ImportRunsState, StartImportState } from './useImportRuns.ts';

/** Every `data-part` the import runs parts render. */
export type ImportRunsPart =
  | 'import-runs'
  | 'runs-toolbar'
  | 'runs-body'
  | 'start-button'
  | 'spinner'
  | 'start-error'
  | 'runs-filters'
  | 'filter-field'
  | 'filter-label'
  | 'filter-select'
  | 'filter-option'
  | 'runs-count'
  | 'clear-filters'
  | 'runs-loading'
  | 'runs-error'
  | 'runs-error-message'
  | 'retry-button'
  | 'runs-empty'
  | 'run-list'
  | 'run-list-window'
  | 'run'
  | 'run-header'
  | 'run-status'
  | 'run-title'
  | 'run-kind'
  | 'run-started'
  | 'run-summary'
  | 'run-duration'
  | 'run-count'
  | 'run-outcome'
  | 'run-countdown'
  | 'run-detail'
  | 'detail-empty'
  | 'detail-header'
  | 'detail-title'
  | 'detail-facts'
  | 'detail-fact'
  | 'fact-label'
  | 'fact-value'
  | 'detail-section'
  | 'detail-heading'
  | 'run-wait'
  | 'run-resumes-at'
  | 'run-counters'
  | 'run-counter'
  | 'counter-label'
  | 'counter-value'
  | 'flow-steps'
  | 'flow-step'
  | 'step-name'
  | 'step-status'
  | 'step-note'
  | 'step-error'
  | 'run-error'
  | 'run-skipped'
  | 'run-skipped-summary'
  | 'run-skipped-list'
  | 'run-skipped-item'
  | 'skipped-record-id'
  | 'dead-letters'
  | 'dead-letters-status'
  | 'dead-letter-list'
  | 'dead-letter'
  | 'dead-letter-error'
  | 'dead-letter-records'
  | 'dead-letter-record-id'
  | 'run-timeline'
  | 'timeline-entry'
  | 'timeline-time'
  | 'timeline-message'
  | 'run-actions'
  | 'run-action'
  | 'action-error'
  | 'confirm'
  | 'confirm-message'
  | 'confirm-button'
  | 'dismiss-button'
  | 'live-region';

export interface ImportRunsContextValue extends ImportRunsState {
  startImport: StartImportState;
  /** Whether a data source was given, so there is something to start. */
  canStart: boolean;
  classNames: PartClassNames<ImportRunsPart> | undefined;
}

export const [ImportRunsContext, useImportRunsContext] = createPartsContext<ImportRunsContextValue>(
  'ImportRunsContext',
  '<ImportRuns.Root>',
);

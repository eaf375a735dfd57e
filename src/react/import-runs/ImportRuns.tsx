import { useId, type ReactNode } from 'react';
import type { RunKind, RunStatus } from '../../engine/index.ts';
import { isRunActive, runStatusLabel } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { visuallyHidden } from '../utils/visuallyHidden.ts';
import { ImportRunsContext, useImportRunsContext, type ImportRunsContextValue, type ImportRunsPart } from './importRunsContext.ts';
import {
  ImportRunsActions,
  ImportRunsCounters,
  ImportRunsDetail,
  ImportRunsProblems,
  ImportRunsSteps,
  ImportRunsTimeline,
} from './RunDetail.tsx';
import { ImportRunsList, type ImportRunsListProps } from './RunList.tsx';
import { countOf } from './runFormat.ts';
import { useImportRunsState, type UseImportRunsOptions } from './useImportRuns.ts';
import { useRunAnnouncement } from './useRunAnnouncement.ts';
import { formatNumber } from '../utils/format.ts';

export type { ImportRunsPart } from './importRunsContext.ts';

/**
 * Holds what the parts share (the runs, the filter, the selection) and renders their region,
 * with a polite live region that announces status changes and, every few seconds, the progress of running imports.
 *
 * Data attributes:
 * - `[data-part="import-runs"]`: `data-state="loading" | "error" | "empty" | "idle" | "active"`
 *   (`active` while any run in scope is queued, running or rate-limited).
 * - `[data-part="live-region"]`: the visually hidden `role="status"` region.
 */
export interface ImportRunsRootProps extends UseImportRunsOptions {
  children?: ReactNode;
  /** Class for the region. */
  className?: string;
  /** Classes for the parts inside, by `data-part` name. */
  classNames?: PartClassNames<ImportRunsPart>;
  /** @default 'Import runs' */
  'aria-label'?: string;
  /**
   * The progress of running imports is announced at most this often, in milliseconds.
   * @default 5000
   */
  progressAnnouncementMs?: number;
}

function Root({
  children,
  className,
  classNames,
  'aria-label': label = 'Import runs',
  progressAnnouncementMs,
  ...options
}: ImportRunsRootProps) {
  const state = useImportRunsState(options);
  const announcement = useRunAnnouncement(state.allRuns, progressAnnouncementMs);
  const value: ImportRunsContextValue = { ...state, canStart: options.dataSource !== undefined, classNames };

  const rootState =
    state.status === 'loading' || state.status === 'error'
      ? state.status
      : state.allRuns.length === 0
        ? 'empty'
        : state.allRuns.some((run) => isRunActive(run.status))
          ? 'active'
          : 'idle';
  return (
    <ImportRunsContext.Provider value={value}>
      <section
        {...part('import-runs', classNames, className)}
        data-state={rootState}
        aria-label={label}
        aria-busy={state.status === 'loading' || undefined}
      >
        {children}
        <p {...part('live-region', classNames)} role="status" aria-live="polite" style={visuallyHidden}>
          {announcement}
        </p>
      </section>
    </ImportRunsContext.Provider>
  );
}

/**
 * Starts an import of the Root's `dataSource` and selects the new run; renders nothing without a data source.
 *
 * Data attributes: `[data-part="start-button"]` has `data-state="idle" | "starting"`;
 * `[data-part="start-error"]` (`role="alert"`) has `data-error-code`.
 */
function StartButton({ className }: { className?: string }) {
  const { startImport, canStart, classNames } = useImportRunsContext('ImportRuns.StartButton');
  if (!canStart) return null;
  const { start, starting, error } = startImport;
  return (
    <>
      <button
        {...part('start-button', classNames, className)}
        type="button"
        data-state={starting ? 'starting' : 'idle'}
        disabled={starting}
        aria-busy={starting || undefined}
        onClick={() => void start()}
      >
        {starting && <span {...part('spinner', classNames)} aria-hidden="true" />}
        {starting ? 'Starting…' : 'Start import'}
      </button>
      {error && (
        <p {...part('start-error', classNames)} role="alert" data-error-code={error.code}>
          {error.message}
        </p>
      )}
    </>
  );
}

const statuses: readonly RunStatus[] = ['queued', 'running', 'rate-limited', 'succeeded', 'failed', 'cancelled'];

/**
 * Filters by status and by kind, and how many runs pass; shown once there are runs.
 *
 * Data attributes: `[data-part="runs-filters"]` has `data-state="filtered" | "unfiltered"`;
 * `[data-part="filter-select"]` has `data-filter="status" | "kind"`.
 */
function Filters({ className }: { className?: string }) {
  const { status, filter, setFilter, runs, allRuns, classNames } = useImportRunsContext('ImportRuns.Filters');
  const countId = useId();
  if (status !== 'ready' || allRuns.length === 0) return null;
  const filtered = filter.status !== undefined || filter.kind !== undefined;
  return (
    <div
      {...part('runs-filters', classNames, className)}
      role="group"
      aria-label="Filter runs"
      aria-describedby={countId}
      data-state={filtered ? 'filtered' : 'unfiltered'}
    >
      <label {...part('filter-field', classNames)}>
        <span {...part('filter-label', classNames)}>Status</span>
        <select
          {...part('filter-select', classNames)}
          data-filter="status"
          value={filter.status ?? ''}
          onChange={(event) => setFilter({ ...filter, status: (event.target.value || undefined) as RunStatus | undefined })}
        >
          <option {...part('filter-option', classNames)} value="">
            All statuses
          </option>
          {statuses.map((value) => (
            <option key={value} {...part('filter-option', classNames)} value={value}>
              {/* Shorter than the badge's `Rate limited, waiting`. */}
              {value === 'rate-limited' ? 'Rate limited' : runStatusLabel(value)}
            </option>
          ))}
        </select>
      </label>
      <label {...part('filter-field', classNames)}>
        <span {...part('filter-label', classNames)}>Kind</span>
        <select
          {...part('filter-select', classNames)}
          data-filter="kind"
          value={filter.kind ?? ''}
          onChange={(event) => setFilter({ ...filter, kind: (event.target.value || undefined) as RunKind | undefined })}
        >
          <option {...part('filter-option', classNames)} value="">
            All kinds
          </option>
          <option {...part('filter-option', classNames)} value="import">
            Imports
          </option>
          <option {...part('filter-option', classNames)} value="flow">
            Flow runs
          </option>
        </select>
      </label>
      <p {...part('runs-count', classNames)} id={countId}>
        {filtered && `${formatNumber(runs.length)} of `}
        {countOf(allRuns.length, 'run', 'runs')}
      </p>
    </div>
  );
}

/**
 * Import runs and flow runs, newest first: a filterable, virtualized list with live progress, and the selected
 * run's detail with its actions. Given a data source, a Start import button too.
 *
 * Composed of `ImportRuns.Root`, `.StartButton`, `.Filters`, `.List` and `.Detail` (itself made of `.Actions`,
 * `.Counters`, `.Steps`, `.Problems` and `.Timeline`); hosts can compose those in their own layout,
 * or use `useImportRuns` with their own markup. Extra data attributes: `[data-part="runs-toolbar"]`, `[data-part="runs-body"]`.
 */
export interface ImportRunsProps extends Omit<ImportRunsRootProps, 'children'>, Pick<ImportRunsListProps, 'viewportHeight' | 'rowHeight'> {}

export function ImportRuns({ viewportHeight, rowHeight, classNames, ...root }: ImportRunsProps) {
  return (
    <Root classNames={classNames} {...root}>
      <div {...part('runs-toolbar', classNames)}>
        <StartButton />
        <Filters />
      </div>
      <div {...part('runs-body', classNames)}>
        <ImportRunsList viewportHeight={viewportHeight} rowHeight={rowHeight} />
        <ImportRunsDetail />
      </div>
    </Root>
  );
}

ImportRuns.Root = Root;
ImportRuns.StartButton = StartButton;
ImportRuns.Filters = Filters;
ImportRuns.List = ImportRunsList;
ImportRuns.Detail = ImportRunsDetail;
ImportRuns.Actions = ImportRunsActions;
ImportRuns.Counters = ImportRunsCounters;
ImportRuns.Steps = ImportRunsSteps;
ImportRuns.Problems = ImportRunsProblems;
ImportRuns.Timeline = ImportRunsTimeline;

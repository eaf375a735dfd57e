import { useCallback, useState } from 'react';
import type { DataSourceRef, RunKind, RunSnapshot, RunStatus } from '../../engine/index.ts';
import { useClientLoad } from '../hooks/useClientLoad.ts';
import { useRuns } from '../hooks/useRuns.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { useControllableState } from '../utils/useControllableState.ts';
import { useRunActions, type RunActionsState } from './useRunActions.ts';
import { useRunCountdown } from './useRunCountdown.ts';

/** Which runs the list shows; a criterion left out lets every value through. */
export interface ImportRunsFilter {
  status?: RunStatus;
  kind?: RunKind;
}

export interface UseImportRunsOptions {
  /** When given, only this connection's runs, and `startImport` starts an import of this data source. */
  dataSource?: DataSourceRef;
  /** The filter (controlled). */
  filter?: ImportRunsFilter;
  /**
   * The filter to start with (uncontrolled).
   * @default {}
   */
  defaultFilter?: ImportRunsFilter;
  /** Called when the filter changes. */
  onFilterChange?: (filter: ImportRunsFilter) => void;
  /** The selected run's id, `null` for none (controlled). */
  selectedRunId?: string | null;
  /**
   * The run selected at first (uncontrolled).
   * @default null
   */
  defaultSelectedRunId?: string | null;
  /** Called when the selection changes, with `null` when it is cleared. */
  onSelectedRunIdChange?: (runId: string | null) => void;
}

/** `loading` until the client has its first runs (`idle` before it starts, e.g. on the server). */
export type ImportRunsStatus = 'idle' | 'loading' | 'error' | 'ready';

export interface ImportRunsState {
  status: ImportRunsStatus;
  /** Why the runs could not be loaded. */
  error: DisplayError | undefined;
  /** Loads the runs again after an error. */
  reload: () => void;
  /** Every run in scope (the data source's connection, or all), newest first, before the filter. */
  allRuns: readonly RunSnapshot[];
  /** The runs that pass the filter, newest first. */
  runs: readonly RunSnapshot[];
  filter: ImportRunsFilter;
  setFilter: (filter: ImportRunsFilter) => void;
  selectedRunId: string | null;
  /** The selected run, live; it stays selected when the filter hides it. */
  selectedRun: RunSnapshot | undefined;
  selectRun: (runId: string | null) => void;
}

export interface StartImportState {
  start: () => Promise<RunSnapshot | undefined>;
  starting: boolean;
  error: DisplayError | null;
}

const noFilter: ImportRunsFilter = {};

/** The runs, filter and selection, and starting an import (which selects the new run): what the parts share through `ImportRuns.Root`. */
export function useImportRunsState(options: UseImportRunsOptions = {}): ImportRunsState & { startImport: StartImportState } {
  const { dataSource } = options;
  const client = useTributaryClient();
  const connectionId = dataSource?.connectionId;
  const allRuns = useRuns({ connectionId });
  const [filterValue, setFilter] = useControllableState(options.filter, options.defaultFilter, options.onFilterChange);
  const filter = filterValue ?? noFilter;
  const runs = useRuns({ ...filter, connectionId });
  const [selected, selectRun] = useControllableState(options.selectedRunId, options.defaultSelectedRunId, options.onSelectedRunIdChange);
  const selectedRunId = selected ?? null;
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<DisplayError | null>(null);
  const start = useCallback(async () => {
    if (!dataSource) return;
    setStarting(true);
    setStartError(null);
    try {
      const run = await client.startImport(dataSource);
      selectRun(run.id);
      return run;
    } catch (thrown) {
      setStartError(toDisplayError(thrown));
    } finally {
      setStarting(false);
    }
  }, [client, dataSource, selectRun]);

  return {
    ...useClientLoad(),
    allRuns,
    runs,
    filter,
    setFilter,
    selectedRunId,
    selectedRun: allRuns.find((run) => run.id === selectedRunId),
    selectRun,
    startImport: { start, starting, error: startError },
  };
}

export interface UseImportRunsResult extends ImportRunsState {
  /** The actions the selected run allows, the one under way and the last failure. */
  actions: RunActionsState;
  /** Whole seconds until the selected run goes on, while it waits for a rate limit; ticks every second meanwhile. */
  secondsUntilResume: number | undefined;
  /** Starts an import of `dataSource` (does nothing without one); the new run is selected. */
  startImport: StartImportState;
}

/**
 * Everything `<ImportRuns/>` shows, for a host that brings its own markup:
 * the filtered runs, the selection, the selected run's actions and its rate-limit countdown.
 * For a countdown per row, call `useRunCountdown(run)` in the row's own component.
 */
export function useImportRuns(options: UseImportRunsOptions = {}): UseImportRunsResult {
  const state = useImportRunsState(options);
  return { ...state, actions: useRunActions(state.selectedRun), secondsUntilResume: useRunCountdown(state.selectedRun) };
}

import { useCallback, useMemo, useState } from 'react';
import type { DataSourceRef, RunKind, RunSnapshot, RunStatus } from '../../engine/index.ts';
import { useClientLoad } from '../hooks/useClientLoad.ts';
import { matchesRunFilter, useRuns } from '../hooks/useRuns.ts';
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
  const { status, error, reload } = useClientLoad();
  const allRuns = useRuns(options.dataSource ? { connectionId: options.dataSource.connectionId } : undefined);
  const [filterValue, setFilter] = useControllableState(options.filter, options.defaultFilter, options.onFilterChange);
  const [selectedValue, selectRun] = useControllableState(
    options.selectedRunId,
    options.defaultSelectedRunId,
    options.onSelectedRunIdChange,
  );
  const filter = filterValue ?? noFilter;
  const { status: statusFilter, kind } = filter;
  const runs = useMemo(
    () =>
      statusFilter === undefined && kind === undefined
        ? allRuns
        : allRuns.filter((run) => matchesRunFilter(run, { status: statusFilter, kind })),
    [allRuns, statusFilter, kind],
  );
  const selectedRunId = selectedValue ?? null;
  const onStarted = useCallback((run: RunSnapshot) => selectRun(run.id), [selectRun]);
  const startImport = useStartImport(options.dataSource, onStarted);
  const selectedRun = useMemo(
    () => (selectedRunId === null ? undefined : allRuns.find((run) => run.id === selectedRunId)),
    [allRuns, selectedRunId],
  );

  return {
    status,
    error,
    reload,
    allRuns,
    runs,
    filter,
    setFilter,
    selectedRunId,
    selectedRun,
    selectRun,
    startImport,
  };
}

/** Starts an import of `dataSource`, keeping whether it is starting and why it could not. */
export function useStartImport(
  dataSource: DataSourceRef | undefined,
  onStarted?: (run: RunSnapshot) => void,
): StartImportState {
  const client = useTributaryClient();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const start = useCallback(async () => {
    if (!dataSource) return undefined;
    setStarting(true);
    setError(null);
    try {
      const run = await client.startImport(dataSource);
      onStarted?.(run);
      return run;
    } catch (thrown) {
      setError(toDisplayError(thrown));
      return undefined;
    } finally {
      setStarting(false);
    }
  }, [client, dataSource, onStarted]);
  return { start, starting, error };
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

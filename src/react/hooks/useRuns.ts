import { useMemo } from 'react';
import type { RunFilter, RunSnapshot } from '../../engine/index.ts';
import { memoizeLast } from '../utils/memoizeLast.ts';
import { useClientSelector } from './useClientSelector.ts';

/** Whether a run passes every criterion the filter sets. */
export function matchesRunFilter(run: RunSnapshot, filter: RunFilter | undefined): boolean {
  return (
    (filter?.connectionId === undefined || run.dataSource.connectionId === filter.connectionId) &&
    (filter?.status === undefined || run.status === filter.status) &&
    (filter?.kind === undefined || run.kind === filter.kind)
  );
}

/** Runs, newest first, optionally filtered by connection, status and kind. */
export function useRuns(filter?: RunFilter): readonly RunSnapshot[] {
  const connectionId = filter?.connectionId;
  const status = filter?.status;
  const kind = filter?.kind;
  // Filtering makes a new array, so cache it per runs array to keep the selection stable.
  const select = useMemo(
    () =>
      memoizeLast((runs: readonly RunSnapshot[]): readonly RunSnapshot[] =>
        connectionId === undefined && status === undefined && kind === undefined
          ? runs
          : runs.filter((run) => matchesRunFilter(run, { connectionId, status, kind })),
      ),
    [connectionId, status, kind],
  );
  return useClientSelector((state) => select(state.runs));
}

/** One run by id, live; undefined until the client knows it. */
export function useRun(runId: string | undefined): RunSnapshot | undefined {
  return useClientSelector((state) =>
    runId === undefined ? undefined : state.runs.find((run) => run.id === runId),
  );
}

import { useMemo } from 'react';
import type { RunFilter, RunSnapshot } from '../../engine/index.ts';
import { memoizeLast } from '../utils/memoizeLast.ts';
import { useClientSelector } from './useClientSelector.ts';

/** Runs, newest first, optionally filtered by connection and status. */
export function useRuns(filter?: RunFilter): readonly RunSnapshot[] {
  const connectionId = filter?.connectionId;
  const status = filter?.status;
  // Filtering makes a new array, so cache it per runs array to keep the selection stable.
  const select = useMemo(
    () =>
      memoizeLast((runs: readonly RunSnapshot[]): readonly RunSnapshot[] =>
        connectionId === undefined && status === undefined
          ? runs
          : runs.filter(
              (run) =>
                (connectionId === undefined || run.dataSource.connectionId === connectionId) &&
                (status === undefined || run.status === status),
            ),
      ),
    [connectionId, status],
  );
  return useClientSelector((state) => select(state.runs));
}

/** One run by id, live; undefined until the client knows it. */
export function useRun(runId: string | undefined): RunSnapshot | undefined {
  return useClientSelector((state) =>
    runId === undefined ? undefined : state.runs.find((run) => run.id === runId),
  );
}

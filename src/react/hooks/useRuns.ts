import { useMemo } from 'react';
import type { RunFilter, RunSnapshot } from '../../engine/index.ts';
import { memoizeLast } from '../utils/memoizeLast.ts';
import { useClientSelector } from './useClientSelector.ts';

/** Whether `value` passes a criterion: one left out lets every value through. */
const passes = <T>(wanted: T | undefined, value: T): boolean => wanted === undefined || wanted === value;

/** Runs, newest first, optionally filtered by connection, status and kind. */
export function useRuns(filter?: RunFilter): readonly RunSnapshot[] {
  const { connectionId, status, kind } = filter ?? {};
  // Filtering makes a new array, so cache it per runs array to keep the selection stable.
  const select = useMemo(
    () =>
      memoizeLast((runs: readonly RunSnapshot[]): readonly RunSnapshot[] =>
        (connectionId ?? status ?? kind) === undefined
          ? runs
          : runs.filter(
              (run) => passes(connectionId, run.dataSource.connectionId) && passes(status, run.status) && passes(kind, run.kind),
            ),
      ),
    [connectionId, status, kind],
  );
  return useClientSelector((state) => select(state.runs));
}

/** One run by id, live; undefined until the client knows it. */
export function useRun(runId: string | undefined): RunSnapshot | undefined {
  return useClientSelector((state) => state.runs.find((run) => run.id === runId));
}

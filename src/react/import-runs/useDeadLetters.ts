import { useEffect, useState } from 'react';
import type { DeadLetter, RunSnapshot } from '../../engine/index.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';

export interface DeadLettersState {
  /** `idle` when the run has none. */
  status: 'idle' | 'loading' | 'success' | 'error';
  /** The batches the destination did not accept; the last ones loaded while a reload is under way. */
  letters: readonly DeadLetter[];
  error: DisplayError | undefined;
}

interface Loaded {
  runId: string;
  key: string;
  letters: readonly DeadLetter[];
  error?: DisplayError;
}

const none: readonly DeadLetter[] = [];

/** A run's dead letters, loaded when it has some and again whenever their count changes. */
export function useDeadLetters(run: RunSnapshot | undefined): DeadLettersState {
  const client = useTributaryClient();
  const runId = run?.id;
  const key = run && run.counters.deadLettered > 0 ? `${run.id}:${run.counters.deadLettered}` : undefined;
  const [loaded, setLoaded] = useState<Loaded>();

  useEffect(() => {
    if (key === undefined || runId === undefined) return;
    let current = true;
    client
      .listDeadLetters(runId)
      .then(
        (letters) => ({ letters }),
        (thrown: unknown) => ({ letters: none, error: toDisplayError(thrown) }),
      )
      .then((result) => current && setLoaded({ runId, key, ...result }));
    return () => {
      current = false;
    };
  }, [client, key, runId]);

  if (key === undefined) return { status: 'idle', letters: none, error: undefined };
  // Letters of the same run stay in view while their new count loads.
  if (loaded?.key !== key) return { status: 'loading', letters: loaded?.runId === runId ? loaded!.letters : none, error: undefined };
  return { status: loaded.error ? 'error' : 'success', letters: loaded.letters, error: loaded.error };
}

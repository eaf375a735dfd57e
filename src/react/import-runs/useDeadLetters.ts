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
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (key === undefined || runId === undefined) return;
    let current = true;
    client.listDeadLetters(runId).then(
      (letters) => current && setLoaded({ runId, key, letters }),
      (thrown: unknown) => current && setLoaded({ runId, key, letters: none, error: toDisplayError(thrown) }),
    );
    return () => {
      current = false;
    };
  }, [client, key, runId]);

  if (key === undefined) return { status: 'idle', letters: none, error: undefined };
  // Letters of the same run stay in view while their new count loads.
  const sameRun = loaded?.runId === runId;
  if (loaded?.key !== key) return { status: 'loading', letters: sameRun && loaded ? loaded.letters : none, error: undefined };
  return loaded.error ? { status: 'error', letters: none, error: loaded.error } : { status: 'success', letters: loaded.letters, error: undefined };
}

import { useCallback, useState } from 'react';
import type { TributaryClient } from '../../client/index.ts';
import type { RunSnapshot } from '../../engine/index.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { availableActions, type RunAction } from './runActions.ts';

/** Why an action on a run failed, for people, with the error's stable code. */
export interface RunActionError extends DisplayError {
  action: RunAction;
}

export interface RunActionsState {
  /** What the run allows now (empty without a run). */
  available: readonly RunAction[];
  /** The action under way, if any. */
  pending: RunAction | null;
  /** The last action's failure, until the next action (or another run). */
  error: RunActionError | null;
  /** Sends the action to the engine; failures land in `error`, never throw. */
  perform: (action: RunAction) => Promise<void>;
}

/** The client's command for each action. */
const clientMethods = {
  cancel: 'cancelRun',
  resume: 'resumeRun',
  'retry-dead-letters': 'replayDeadLetters',
  'retry-flow': 'retryFlowRun',
  restart: 'restartRun',
} as const satisfies Record<RunAction, keyof TributaryClient>;

interface Progress {
  runId: string;
  pending: RunAction | null;
  error: RunActionError | null;
}

/** The actions one run allows, and a way to take them. */
export function useRunActions(run: RunSnapshot | undefined): RunActionsState {
  const client = useTributaryClient();
  const [progress, setProgress] = useState<Progress | null>(null);
  const runId = run?.id;

  const perform = useCallback(
    async (action: RunAction) => {
      if (runId === undefined) return;
      setProgress({ runId, pending: action, error: null });
      let error: RunActionError | null = null;
      try {
        await client[clientMethods[action]](runId);
      } catch (thrown) {
        error = { ...toDisplayError(thrown), action };
      }
      setProgress((current) => (current?.runId === runId ? error && { runId, pending: null, error } : current));
    },
    [client, runId],
  );

  // State kept for another run (the selection moved on) does not apply to this one.
  const own = progress?.runId === runId ? progress : null;
  return {
    available: run ? availableActions(run) : [],
    pending: own?.pending ?? null,
    error: own?.error ?? null,
    perform,
  };
}

import type { RunSnapshot } from '../../engine/index.ts';
import { isRunActive } from '../utils/labels.ts';

/**
 * What a person can do with a run:
 * - `cancel`: stop a queued, running or rate-limited run;
 * - `resume`: go on with a failed or cancelled import from its last checkpoint;
 * - `retry-dead-letters`: deliver again the records the destination did not accept;
 * - `retry-flow`: run a failed flow run's event again;
 * - `restart`: import again from the first page ("start over").
 */
export type RunAction = 'cancel' | 'resume' | 'retry-dead-letters' | 'retry-flow' | 'restart';

/** The actions a run allows now, in the order they are offered. */
export function availableActions(run: RunSnapshot): RunAction[] {
  if (isRunActive(run.status)) return ['cancel'];
  const isImport = run.kind === 'import';
  const stopped = run.status === 'failed' || run.status === 'cancelled';
  // A checkpoint is written with every delivered page, so an import with pages has one to resume from.
  return [
    stopped && (isImport ? run.counters.pages > 0 && 'resume' : 'retry-flow'),
    run.counters.deadLettered > 0 && 'retry-dead-letters',
    isImport && 'restart',
  ].filter((action): action is RunAction => !!action);
}

/** Each action's label, and its label while under way. */
export const actionLabels: Record<RunAction, [idle: string, pending: string]> = {
  cancel: ['Cancel run', 'Cancelling…'],
  resume: ['Resume from checkpoint', 'Resuming…'],
  'retry-dead-letters': ['Retry failed records', 'Retrying…'],
  'retry-flow': ['Retry', 'Retrying…'],
  restart: ['Start over', 'Starting over…'],
};

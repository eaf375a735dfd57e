import { useState } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';
import { formatNumber } from '../utils/format.ts';
import { isRunActive, runStatusLabel } from '../utils/labels.ts';

/** What to say about one run whose status changed. */
export function describeRunStatus(run: RunSnapshot): string {
  const source = run.dataSource.dataModel ?? run.dataSource.collection;
  const base = `Import of ${source}: ${runStatusLabel(run.status).toLowerCase()}`;
  switch (run.status) {
    case 'succeeded':
      return `${base}, ${formatNumber(run.counters.delivered)} delivered.`;
    case 'failed':
      return run.error ? `${base}. ${run.error.message}` : `${base}.`;
    default:
      return `${base}.`;
  }
}

/** The runs whose status differs from before, plus new runs that are still under way. */
export function changedRuns(previous: readonly RunSnapshot[], next: readonly RunSnapshot[]): RunSnapshot[] {
  const before = new Map(previous.map((run) => [run.id, run.status]));
  return next.filter((run) => {
    const status = before.get(run.id);
    // A finished run that just appeared was loaded, not started now: nothing to announce.
    return status === undefined ? isRunActive(run.status) : status !== run.status;
  });
}

/**
 * A sentence about the latest run status changes, for a polite live region.
 * Derived while rendering (the "previous props" pattern), so no effect runs for it.
 */
export function useRunAnnouncement(runs: readonly RunSnapshot[]): string {
  const [previous, setPrevious] = useState(runs);
  const [message, setMessage] = useState('');
  if (previous !== runs) {
    setPrevious(runs);
    const changed = changedRuns(previous, runs);
    if (changed.length > 0) setMessage(changed.map(describeRunStatus).join(' '));
  }
  return message;
}

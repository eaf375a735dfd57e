import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';
import { formatNumber } from '../utils/format.ts';
import { isRunActive, runStatusLabel } from '../utils/labels.ts';
import { countOf, describeProgress, runTitle } from './runFormat.ts';

/** At most this many runs are named in one announcement; the rest are counted. */
const MAX_NAMED = 3;

/** What to say about one run whose status changed. */
export function describeRunStatus(run: RunSnapshot): string {
  const base = `${runTitle(run)}: ${runStatusLabel(run.status).toLowerCase()}`;
  switch (run.status) {
    case 'succeeded':
      return run.kind === 'import' ? `${base}, ${formatNumber(run.counters.delivered)} delivered.` : `${base}.`;
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

/** One sentence per changed run, the first few by name. */
export function describeChanges(changed: readonly RunSnapshot[]): string {
  const named = changed.slice(0, MAX_NAMED).map(describeRunStatus);
  const more = changed.length - named.length;
  if (more > 0) named.push(`${countOf(more, 'more run', 'more runs')} changed status.`);
  return named.join(' ');
}

/** How far the running imports have got, or `''` when none is running. */
export function describeRunning(runs: readonly RunSnapshot[]): string {
  const running = runs.filter((run) => run.kind === 'import' && run.status === 'running');
  return running
    .slice(0, MAX_NAMED)
    .map((run) => `${runTitle(run)}: ${describeProgress(run)}.`)
    .join(' ');
}

/**
 * A sentence for a polite live region: every status change at once, and while imports run,
 * their progress at most every `progressIntervalMs` (not on every page, which would drown a screen reader).
 */
export function useRunAnnouncement(runs: readonly RunSnapshot[], progressIntervalMs = 5000): string {
  const [previous, setPrevious] = useState(runs);
  const [message, setMessage] = useState('');
  // Status changes are derived while rendering (the "previous props" pattern), so they go out with the render that shows them.
  if (previous !== runs) {
    setPrevious(runs);
    const changed = changedRuns(previous, runs);
    if (changed.length > 0) setMessage(describeChanges(changed));
  }

  const progress = useMemo(() => describeRunning(runs), [runs]);
  const latest = useRef(progress);
  useEffect(() => {
    latest.current = progress;
  }, [progress]);
  const running = progress !== '';
  useEffect(() => {
    if (!running) return;
    let said = '';
    const timer = setInterval(() => {
      if (latest.current === '' || latest.current === said) return;
      said = latest.current;
      setMessage(said);
    }, progressIntervalMs);
    return () => clearInterval(timer);
  }, [running, progressIntervalMs]);

  return message;
}

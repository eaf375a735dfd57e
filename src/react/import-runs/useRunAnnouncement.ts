import { useEffect, useRef, useState } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';
import { formatNumber } from '../utils/format.ts';
import { isRunActive, runStatusLabel } from '../utils/labels.ts';
import { countOf, recordCount, runTitle } from './runFormat.ts';

/** At most this many runs are named in one announcement; the rest are counted. */
const MAX_NAMED = 3;

/** What to say about one run whose status changed. */
function describeRunStatus(run: RunSnapshot): string {
  const base = `${runTitle(run)}: ${runStatusLabel(run.status).toLowerCase()}`;
  if (run.status === 'succeeded' && run.kind === 'import') return `${base}, ${formatNumber(run.counters.delivered)} delivered.`;
  return run.status === 'failed' && run.error ? `${base}. ${run.error.message}` : `${base}.`;
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
    const before = new Map(previous.map((run) => [run.id, run.status]));
    // The runs whose status differs from before, plus new runs still under way
    // (a finished run that just appeared was loaded, not started now: nothing to announce).
    const changed = runs.filter((run) => {
      const status = before.get(run.id);
      return status === undefined ? isRunActive(run.status) : status !== run.status;
    });
    if (changed.length > 0) {
      // One sentence per changed run, the first few by name.
      const named = changed.slice(0, MAX_NAMED).map(describeRunStatus);
      const more = changed.length - named.length;
      if (more > 0) named.push(`${countOf(more, 'more run', 'more runs')} changed status.`);
      setMessage(named.join(' '));
    }
  }

  // How far the running imports have got, or `''` when none is running.
  const progress = runs
    .filter((run) => run.kind === 'import' && run.status === 'running')
    .slice(0, MAX_NAMED)
    .map((run) => `${runTitle(run)}: ${recordCount(run.counters.delivered)} delivered, ${countOf(run.counters.pages, 'page', 'pages')}.`)
    .join(' ');
  const latest = useRef(progress);
  useEffect(() => {
    latest.current = progress;
  });
  const running = progress !== '';
  useEffect(() => {
    if (!running) return;
    let said = '';
    const timer = setInterval(() => {
      const now = latest.current;
      if (now !== '' && now !== said) setMessage((said = now));
    }, progressIntervalMs);
    return () => clearInterval(timer);
  }, [running, progressIntervalMs]);

  return message;
}

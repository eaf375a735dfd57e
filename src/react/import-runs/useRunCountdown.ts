import { useEffect, useState } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';

/**
 * The current time, re-read on every whole `intervalMs` while `active` (and once at once when it turns active);
 * while inactive, no timer runs.
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = (): void => {
      const at = Date.now();
      setNow(at);
      // Aligned to the interval, so a countdown steps on the second instead of drifting.
      timer = setTimeout(tick, intervalMs - (at % intervalMs));
    };
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [active, intervalMs]);
  return now;
}

/**
 * Whole seconds until a rate-limited run goes on, re-rendering the caller every second while it waits;
 * undefined for a run that is not waiting. Mount it only where the countdown shows, so no timer runs for runs out of view.
 */
export function useRunCountdown(run: RunSnapshot | undefined): number | undefined {
  const resumesAt = run?.status === 'rate-limited' ? run.resumesAt : undefined;
  const now = useNow(resumesAt !== undefined);
  return resumesAt === undefined ? undefined : Math.max(0, Math.ceil((resumesAt - now) / 1000));
}

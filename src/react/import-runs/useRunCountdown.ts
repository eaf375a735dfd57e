import { useEffect, useState } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';

/**
 * The current time, re-read on every whole second while `active` (and once at once when it turns active);
 * while inactive, no timer runs.
 */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = (): void => {
      const at = Date.now();
      setNow(at);
      // Aligned to the second, so a countdown steps on it instead of drifting.
      timer = setTimeout(tick, 1000 - (at % 1000));
    };
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [active]);
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

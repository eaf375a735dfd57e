import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { formatDateTime, formatNumber, isoDateTime } from '../utils/format.ts';
import { isRunActive, runStatusLabel } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { useImportRunsContext, type ImportRunsPart } from './importRunsContext.ts';
import { countOf, formatDuration, kindLabels, outcomeShortLabels, recordCount, runDuration, runTitle } from './runFormat.ts';
import { useNow, useRunCountdown } from './useRunCountdown.ts';

type Classes = PartClassNames<ImportRunsPart> | undefined;

/**
 * The runs that pass the filter, newest first, as a virtualized single-select listbox: only the rows in view
 * (plus `overscan`) are in the DOM. Arrow keys, Page Up/Down, Home and End move the selection and scroll it into view.
 * Until the runs are loaded, or when there are none, it says so instead.
 *
 * Data attributes:
 * - `[data-part="run-list"]` (`role="listbox"`): `data-state="ready"`, `data-count`, the number of runs that pass the filter.
 * - `[data-part="runs-loading"]`, `[data-part="runs-error"]` (`role="alert"`, with `data-error-code`) and
 *   `[data-part="runs-empty"]` (`data-state="empty" | "filtered"`) stand in for the list.
 * - `[data-part="run"]` (`role="option"`): `data-state`, the run's status; `data-kind="import" | "flow"`; `data-run-id`;
 *   `data-selected` when selected.
 * - `[data-part="run-count"]`: `data-counter="pages" | "fetched" | "delivered" | "skipped" | "deadLettered"` and `data-value`.
 * - `[data-part="run-outcome"]`: `data-outcome`, a flow run's outcome, or `failed` with `data-step`, the step that failed.
 * - `[data-part="run-countdown"]`: `data-value`, whole seconds until a rate-limited run goes on.
 */
export interface ImportRunsListProps {
  className?: string;
  /**
   * The height of one row in pixels; rows sit at multiples of it, so style them to fit.
   * @default 64
   */
  rowHeight?: number;
  /**
   * Rows rendered beyond each edge of the viewport.
   * @default 6
   */
  overscan?: number;
  /**
   * The list's maximum height in pixels (rows are rendered to fill it), and the height it assumes where layout cannot be measured (jsdom).
   * @default 480
   */
  viewportHeight?: number;
  /** @default 'Runs' */
  'aria-label'?: string;
}

export function ImportRunsList({ className, ...props }: ImportRunsListProps) {
  const { status, error, reload, allRuns, runs, filter, setFilter, classNames } = useImportRunsContext('ImportRuns.List');

  if (status === 'loading') {
    return (
      <LoadingMessage part="runs-loading" classNames={classNames} className={className} spinner data-state="loading">
        Loading runs…
      </LoadingMessage>
    );
  }
  if (status === 'error') {
    return (
      <LoadError
        part="runs-error"
        messagePart="runs-error-message"
        classNames={classNames}
        className={className}
        data-state="error"
        data-error-code={error?.code}
        onRetry={reload}
      >
        Runs could not be loaded. {error?.message}
      </LoadError>
    );
  }
  if (runs.length === 0) {
    const filtered = allRuns.length > 0;
    return (
      <p {...part('runs-empty', classNames, className)} data-state={filtered ? 'filtered' : 'empty'}>
        {filtered ? (
          <>
            No runs match these filters.{' '}
            <button {...part('clear-filters', classNames)} type="button" onClick={() => setFilter({})}>
              Show all runs
            </button>
          </>
        ) : (
          'No imports yet.'
        )}
      </p>
    );
  }
  // A new filter is a new list: it starts at the top.
  return <VirtualRunList key={`${filter.status}:${filter.kind}`} className={className} {...props} />;
}

function VirtualRunList({
  className,
  rowHeight = 64,
  overscan = 6,
  viewportHeight = 480,
  'aria-label': label = 'Runs',
}: ImportRunsListProps) {
  const { runs, selectedRunId, selectRun, classNames } = useImportRunsContext('ImportRuns.List');
  const idPrefix = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const count = runs.length;
  // The rows that can be in view (the list is at most `viewportHeight` tall), plus `overscan` on each side;
  // a list that shrank under a scrolled viewport shows its last rows until the scroll position catches up.
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), count - 1);
  const start = Math.max(0, first - overscan);
  const end = rowHeight > 0 ? Math.min(count, first + Math.ceil(viewportHeight / rowHeight) + 1 + overscan) : 0;
  const activeIndex = runs.findIndex((run) => run.id === selectedRunId);
  const optionId = (index: number) => `${idPrefix}-run-${index}`;
  // Where there is no layout (jsdom), the configured height stands in for the measured one.
  const viewportOf = (list: HTMLDivElement) => list.clientHeight || viewportHeight;
  /** Scrolls the list as little as possible to bring row `index` fully into view. */
  const reveal = (list: HTMLDivElement, index: number) => {
    const top = index * rowHeight;
    const scrolled = list.scrollTop;
    list.scrollTop = top < scrolled ? top : Math.max(scrolled, top + rowHeight - viewportOf(list));
    return list.scrollTop !== scrolled;
  };

  // A selection made elsewhere (a default, a host's own control) is brought into view once; later runs
  // arriving above it shift its index, but must not pull the list back from where the user scrolled.
  const revealed = useRef<string | null>(null);
  useEffect(() => {
    if (selectedRunId === revealed.current) return;
    revealed.current = selectedRunId;
    const list = listRef.current!;
    // jsdom fires no scroll event for it; a browser fires its own as well, which changes nothing more.
    if (activeIndex >= 0 && reveal(list, activeIndex)) list.dispatchEvent(new Event('scroll'));
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = event.currentTarget;
    const page = Math.max(1, Math.floor(viewportOf(list) / rowHeight) - 1);
    const from = Math.max(0, activeIndex);
    const next = (
      { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, PageDown: from + page, PageUp: from - page, Home: 0, End: count - 1 } as Record<
        string,
        number | undefined
      >
    )[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = Math.min(count - 1, Math.max(0, next));
    const { id } = runs[index]!;
    if (id !== selectedRunId) selectRun(id);
    reveal(list, index);
    // Read back: the browser clamps it, and jsdom fires no scroll event for it.
    setScrollTop(list.scrollTop);
  };

  const row = (run: RunSnapshot, index: number) => {
    const { counters, flow } = run;
    const selected = run.id === selectedRunId;
    const startedAt = run.startedAt ?? run.createdAt;
    const failed = flow?.steps.find((step) => step.status === 'failed');
    const outcome = failed ? 'failed' : flow?.outcome;
    const counts = [
      ['pages', countOf(counters.pages, 'page', 'pages')],
      ['fetched', `${recordCount(counters.fetched)} fetched`],
      ['delivered', `${formatNumber(counters.delivered)} delivered`],
      ['skipped', `${recordCount(counters.skipped)} skipped`],
      ['deadLettered', `${recordCount(counters.deadLettered)} not accepted`],
    ] as const;
    return (
      <div
        key={run.id}
        {...part('run', classNames)}
        id={optionId(index)}
        role="option"
        aria-selected={selected}
        aria-posinset={index + 1}
        aria-setsize={count}
        data-state={run.status}
        data-kind={run.kind}
        data-run-id={run.id}
        data-selected={selected ? '' : undefined}
        style={{ position: 'absolute', insetInline: 0, insetBlockStart: index * rowHeight, blockSize: rowHeight }}
        onClick={() => selectRun(run.id)}
      >
        <span {...part('run-header', classNames)}>
          {/* The option's name is its text, title first, so what a screen reader says is what is shown. */}
          <span {...part('run-title', classNames)}>{runTitle(run)}</span>
          <span {...part('run-status', classNames)} data-state={run.status}>
            {runStatusLabel(run.status)}
          </span>
          <span {...part('run-kind', classNames)} data-kind={run.kind}>
            {kindLabels[run.kind]}
          </span>
          <time {...part('run-started', classNames)} dateTime={isoDateTime(startedAt)} suppressHydrationWarning>
            {formatDateTime(startedAt)}
          </time>
        </span>
        <span {...part('run-summary', classNames)}>
          <RunDuration run={run} classNames={classNames} />
          {run.kind === 'flow'
            ? outcome && (
                <span {...part('run-outcome', classNames)} data-outcome={outcome} data-step={failed?.name}>
                  {failed ? `Failed at the ${failed.name} step` : outcomeShortLabels[flow!.outcome!]}
                </span>
              )
            : counts.map(
                ([counter, text], order) =>
                  (order < 3 || counters[counter] > 0) && (
                    <span key={counter} {...part('run-count', classNames)} data-counter={counter} data-value={counters[counter]}>
                      {text}
                    </span>
                  ),
              )}
          <RunCountdown run={run} classNames={classNames} />
        </span>
      </div>
    );
  };

  return (
    <div
      {...part('run-list', classNames, className)}
      ref={listRef}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeIndex >= start && activeIndex < end ? optionId(activeIndex) : undefined}
      tabIndex={0}
      data-state="ready"
      data-count={count}
      onKeyDown={onKeyDown}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      // Inline, so the list stays bounded (and virtual) when the host drops our stylesheet.
      style={{ position: 'relative', overflowY: 'auto', maxBlockSize: viewportHeight }}
    >
      <div {...part('run-list-window', classNames)} role="none" style={{ position: 'relative', blockSize: count * rowHeight }}>
        {runs.slice(start, end).map((run, offset) => row(run, start + offset))}
      </div>
    </div>
  );
}

/** How long the run took, ticking each second while it is under way. */
function RunDuration({ run, classNames }: { run: RunSnapshot; classNames: Classes }) {
  const live = run.startedAt !== undefined && run.finishedAt === undefined && isRunActive(run.status);
  const now = useNow(live);
  const duration = live || run.finishedAt !== undefined ? runDuration(run, now) : undefined;
  return (
    <span {...part('run-duration', classNames)} data-state={live ? 'live' : 'final'} suppressHydrationWarning>
      {duration === undefined ? 'Not started' : live ? `${formatDuration(duration)} so far` : `Took ${formatDuration(duration)}`}
    </span>
  );
}

/** Whole seconds until a rate-limited run goes on; its timer runs only while this row is rendered. */
export function RunCountdown({ run, classNames }: { run: RunSnapshot; classNames: Classes }) {
  const seconds = useRunCountdown(run);
  return (
    seconds !== undefined && (
      <span {...part('run-countdown', classNames)} data-value={seconds} suppressHydrationWarning>
        {seconds > 0 ? `Resumes in ${formatDuration(seconds * 1000)}` : 'Resuming…'}
      </span>
    )
  );
}

import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { formatDateTime, formatNumber, isoDateTime } from '../utils/format.ts';
import { isRunActive, runStatusLabel } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { useImportRunsContext, type ImportRunsPart } from './importRunsContext.ts';
import {
  countOf,
  flowOutcomeShortLabel,
  formatDuration,
  runDuration,
  runKindLabel,
  runStartedAt,
  runTitle,
} from './runFormat.ts';
import { useNow, useRunCountdown } from './useRunCountdown.ts';
import { scrollTopToReveal, virtualWindow } from './virtualWindow.ts';

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
   * The list's maximum height in pixels, and the height it assumes where layout cannot be measured (jsdom, first render).
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
  if (allRuns.length === 0) {
    return (
      <p {...part('runs-empty', classNames, className)} data-state="empty">
        No imports yet.
      </p>
    );
  }
  if (runs.length === 0) {
    return (
      <p {...part('runs-empty', classNames, className)} data-state="filtered">
        No runs match these filters.{' '}
        <button {...part('clear-filters', classNames)} type="button" onClick={() => setFilter({})}>
          Show all runs
        </button>
      </p>
    );
  }
  // A new filter is a new list: it starts at the top.
  return <VirtualRunList key={`${filter.status ?? ''}:${filter.kind ?? ''}`} className={className} {...props} />;
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
  // The node in state for the size observer to follow; in a ref for scrolling it.
  const [node, setNode] = useState<HTMLDivElement | null>(null);
  const listRef = useRef<HTMLDivElement | null>(null);
  const attach = useCallback((element: HTMLDivElement | null) => {
    listRef.current = element;
    setNode(element);
  }, []);
  const [scrollTop, setScrollTop] = useState(0);
  const [measured, setMeasured] = useState(0);

  useEffect(() => {
    const Observer = node?.ownerDocument.defaultView?.ResizeObserver;
    if (!node || !Observer) return;
    const observer = new Observer(() => setMeasured(node.clientHeight));
    observer.observe(node);
    return () => observer.disconnect();
  }, [node]);

  // Where there is no layout (jsdom), the configured height stands in for the measured one.
  const viewport = measured > 0 ? measured : viewportHeight;
  const { start, end } = virtualWindow({ count: runs.length, rowHeight, viewportHeight: viewport, scrollTop, overscan });
  const activeIndex = useMemo(
    () => (selectedRunId === null ? -1 : runs.findIndex((run) => run.id === selectedRunId)),
    [runs, selectedRunId],
  );
  const optionId = (index: number) => `${idPrefix}-run-${index}`;

  // A selection made elsewhere (a default, a host's own control) is brought into view once; later runs
  // arriving above it shift its index, but must not pull the list back from where the user scrolled.
  const revealed = useRef<string | null>(null);
  useEffect(() => {
    const list = listRef.current;
    if (!list || selectedRunId === revealed.current) return;
    revealed.current = selectedRunId;
    if (activeIndex < 0) return;
    const top = scrollTopToReveal(activeIndex, rowHeight, viewport, list.scrollTop);
    if (top === list.scrollTop) return;
    list.scrollTop = top;
    // jsdom fires no scroll event for it; a browser fires its own as well, which changes nothing more.
    list.dispatchEvent(new Event('scroll'));
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = runs.length - 1;
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = activeIndex < 0 ? 0 : activeIndex + 1;
        break;
      case 'ArrowUp':
        next = activeIndex < 0 ? 0 : activeIndex - 1;
        break;
      case 'PageDown':
        next = Math.max(0, activeIndex) + page;
        break;
      case 'PageUp':
        next = Math.max(0, activeIndex) - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    next = Math.min(last, Math.max(0, next));
    const run = runs[next];
    if (!run) return;
    if (run.id !== selectedRunId) selectRun(run.id);
    const list = event.currentTarget;
    list.scrollTop = scrollTopToReveal(next, rowHeight, viewport, list.scrollTop);
    // Read back: the browser clamps it, and jsdom fires no scroll event for it.
    setScrollTop(list.scrollTop);
  };

  const rows: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const run = runs[index];
    if (!run) continue;
    rows.push(
      <RunRow
        key={run.id}
        run={run}
        id={optionId(index)}
        index={index}
        count={runs.length}
        rowHeight={rowHeight}
        selected={run.id === selectedRunId}
        onSelect={selectRun}
        classNames={classNames}
      />,
    );
  }
  const activeRendered = activeIndex >= start && activeIndex < end;

  return (
    <div
      {...part('run-list', classNames, className)}
      ref={attach}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeRendered ? optionId(activeIndex) : undefined}
      tabIndex={0}
      data-state="ready"
      data-count={runs.length}
      onKeyDown={onKeyDown}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      // Inline, so the list stays bounded (and virtual) when the host drops our stylesheet.
      style={{ position: 'relative', overflowY: 'auto', maxBlockSize: viewportHeight }}
    >
      <div
        {...part('run-list-window', classNames)}
        role="none"
        style={{ position: 'relative', blockSize: runs.length * rowHeight }}
      >
        {rows}
      </div>
    </div>
  );
}

interface RunRowProps {
  run: RunSnapshot;
  id: string;
  index: number;
  count: number;
  rowHeight: number;
  selected: boolean;
  onSelect: (runId: string) => void;
  classNames: Classes;
}

const RunRow = memo(function RunRow({ run, id, index, count, rowHeight, selected, onSelect, classNames }: RunRowProps) {
    const style: CSSProperties = { position: 'absolute', insetInline: 0, insetBlockStart: index * rowHeight, blockSize: rowHeight };
  return (
    <div
      {...part('run', classNames)}
      id={id}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      data-state={run.status}
      data-kind={run.kind}
      data-run-id={run.id}
      data-selected={selected ? '' : undefined}
      style={style}
      onClick={() => onSelect(run.id)}
    >
      <span {...part('run-header', classNames)}>
        {/* The option's name is its text, title first, so what a screen reader says is what is shown. */}
        <span {...part('run-title', classNames)}>{runTitle(run)}</span>
        <span {...part('run-status', classNames)} data-state={run.status}>
          {runStatusLabel(run.status)}
        </span>
        <span {...part('run-kind', classNames)} data-kind={run.kind}>
          {runKindLabel(run.kind)}
        </span>
        <time {...part('run-started', classNames)} dateTime={isoDateTime(runStartedAt(run))} suppressHydrationWarning>
          {formatDateTime(runStartedAt(run))}
        </time>
      </span>
      <span {...part('run-summary', classNames)}>
        <RunDuration run={run} classNames={classNames} />
        {run.kind === 'flow' ? <FlowOutcome run={run} classNames={classNames} /> : <ImportCounts run={run} classNames={classNames} />}
        {run.status === 'rate-limited' && <RunCountdown run={run} classNames={classNames} />}
      </span>
    </div>
  );
});

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

function ImportCounts({ run, classNames }: { run: RunSnapshot; classNames: Classes }) {
  const { counters } = run;
  const count = (counter: keyof typeof counters, text: string) => (
    <span {...part('run-count', classNames)} data-counter={counter} data-value={counters[counter]}>
      {text}
    </span>
  );
  return (
    <>
      {count('pages', countOf(counters.pages, 'page', 'pages'))}
      {count('fetched', `${countOf(counters.fetched, 'record', 'records')} fetched`)}
      {count('delivered', `${formatNumber(counters.delivered)} delivered`)}
      {counters.skipped > 0 && count('skipped', `${countOf(counters.skipped, 'record', 'records')} skipped`)}
      {counters.deadLettered > 0 && count('deadLettered', `${countOf(counters.deadLettered, 'record', 'records')} not accepted`)}
    </>
  );
}

function FlowOutcome({ run, classNames }: { run: RunSnapshot; classNames: Classes }) {
  const failed = run.flow?.steps.find((step) => step.status === 'failed');
  if (failed) {
    return (
      <span {...part('run-outcome', classNames)} data-outcome="failed" data-step={failed.name}>
        Failed at the {failed.name} step
      </span>
    );
  }
  const outcome = run.flow?.outcome;
  if (!outcome) return null;
  return (
    <span {...part('run-outcome', classNames)} data-outcome={outcome}>
      {flowOutcomeShortLabel(outcome)}
    </span>
  );
}

/** Whole seconds until a rate-limited run goes on; its timer runs only while this row is rendered. */
export function RunCountdown({ run, classNames }: { run: RunSnapshot; classNames: Classes }) {
  const seconds = useRunCountdown(run);
  if (seconds === undefined) return null;
  return (
    <span {...part('run-countdown', classNames)} data-value={seconds} suppressHydrationWarning>
      {seconds > 0 ? `Resumes in ${formatDuration(seconds * 1000)}` : 'Resuming…'}
    </span>
  );
}

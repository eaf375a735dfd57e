import { useState, type CSSProperties } from 'react';
import type { DataSourceRef, RunCounters, RunSnapshot } from '../../engine/index.ts';
import { useRuns } from '../hooks/useRuns.ts';
import { useTributaryClient } from '../hooks/useTributaryClient.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { formatDateTime, formatNumber, isoDateTime, plural } from '../utils/format.ts';
import { isRunActive, runStatusLabel } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { useRunAnnouncement } from './useRunAnnouncement.ts';

export type ImportRunsPart =
  | 'import-runs'
  | 'runs-toolbar'
  | 'start-button'
  | 'spinner'
  | 'start-error'
  | 'runs-empty'
  | 'run-list'
  | 'run'
  | 'run-header'
  | 'run-status'
  | 'run-source'
  | 'run-started'
  | 'run-counters'
  | 'run-counter'
  | 'counter-label'
  | 'counter-value'
  | 'run-error'
  | 'run-wait'
  | 'run-resumes-at'
  | 'run-skipped'
  | 'run-skipped-summary'
  | 'run-skipped-list'
  | 'run-skipped-item'
  | 'skipped-record-id'
  | 'cancel-button'
  | 'cancel-error'
  | 'live-region';

/**
 * Import runs, newest first, with live counters; optionally a button that starts an import of `dataSource`.
 *
 * Data attributes:
 * - `[data-part="import-runs"]`: `data-state="empty" | "idle" | "active"` (whether any listed run is queued, running or rate-limited).
 * - `[data-part="run"]` and `[data-part="run-status"]`: `data-state="queued" | "running" | "rate-limited" | "succeeded" | "failed" | "cancelled"`;
 *   `[data-part="run"]` also has `data-run-id`.
 * - `[data-part="run-counter"]`: `data-counter="pages" | "fetched" | "delivered" | "skipped"` and `data-value`, the number.
 * - `[data-part="start-button"]`: `data-state="idle" | "starting"`.
 * - `[data-part="live-region"]`: a visually hidden polite status region announcing run status changes.
 */
export interface ImportRunsProps {
  /** When given, lists only this connection's runs and offers a Start import button for this data source. */
  dataSource?: DataSourceRef;
  /** Class for the root. */
  className?: string;
  /** Classes for inner parts, by `data-part` name. */
  classNames?: PartClassNames<ImportRunsPart>;
}

export function ImportRuns({ dataSource, className, classNames }: ImportRunsProps) {
  const client = useTributaryClient();
  const runs = useRuns(dataSource ? { connectionId: dataSource.connectionId } : undefined);
  const announcement = useRunAnnouncement(runs);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<DisplayError | null>(null);

  const start = async (source: DataSourceRef) => {
    setStarting(true);
    setStartError(null);
    try {
      await client.startImport(source);
    } catch (error) {
      setStartError(toDisplayError(error));
    } finally {
      setStarting(false);
    }
  };

  const state = runs.length === 0 ? 'empty' : runs.some((run) => isRunActive(run.status)) ? 'active' : 'idle';
  return (
    <section {...part('import-runs', classNames, className)} data-state={state} aria-label="Import runs">
      {dataSource && (
        <div {...part('runs-toolbar', classNames)}>
          <button
            {...part('start-button', classNames)}
            type="button"
            data-state={starting ? 'starting' : 'idle'}
            disabled={starting}
            aria-busy={starting || undefined}
            onClick={() => void start(dataSource)}
          >
            {starting && <span {...part('spinner', classNames)} aria-hidden="true" />}
            {starting ? 'Starting…' : 'Start import'}
          </button>
          {startError && (
            <p {...part('start-error', classNames)} role="alert" data-error-code={startError.code}>
              {startError.message}
            </p>
          )}
        </div>
      )}
      {runs.length === 0 ? (
        <p {...part('runs-empty', classNames)}>No imports yet.</p>
      ) : (
        <ul {...part('run-list', classNames)}>
          {runs.map((run) => (
            <RunItem key={run.id} run={run} classNames={classNames} />
          ))}
        </ul>
      )}
      <p {...part('live-region', classNames)} role="status" aria-live="polite" style={visuallyHidden}>
        {announcement}
      </p>
    </section>
  );
}

// Inline, so the region stays hidden even when the host drops our stylesheet (`unstyled`).
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

const counterLabels: Record<Exclude<keyof RunCounters, 'bytes'>, string> = {
  pages: 'Pages',
  fetched: 'Fetched',
  delivered: 'Delivered',
  skipped: 'Skipped',
  retries: 'Retries',
  deadLettered: 'Dead-lettered',
};
const counterOrder = ['pages', 'fetched', 'delivered', 'skipped', 'retries'] as const satisfies readonly (keyof RunCounters)[];

/** The counters a run shows: the usual ones, plus dead letters once there are any. */
function shownCounters(counters: RunCounters): readonly (keyof typeof counterLabels)[] {
  return counters.deadLettered > 0 ? [...counterOrder, 'deadLettered'] : counterOrder;
}

type Classes = PartClassNames<ImportRunsPart> | undefined;

function RunItem({ run, classNames }: { run: RunSnapshot; classNames: Classes }) {
  const client = useTributaryClient();
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<DisplayError | null>(null);
  const source = run.dataSource.dataModel ?? run.dataSource.collection;
  const startedAt = run.startedAt ?? run.createdAt;
  const active = isRunActive(run.status);

  const cancel = async () => {
    setCancelling(true);
    setCancelError(null);
    try {
      await client.cancelRun(run.id);
    } catch (error) {
      setCancelError(toDisplayError(error));
    } finally {
      setCancelling(false);
    }
  };

  return (
    <li {...part('run', classNames)} data-state={run.status} data-run-id={run.id}>
      <div {...part('run-header', classNames)}>
        <span {...part('run-status', classNames)} data-state={run.status}>
          {runStatusLabel(run.status)}
        </span>
        <span {...part('run-source', classNames)}>Import of {source}</span>
        <time {...part('run-started', classNames)} dateTime={isoDateTime(startedAt)} suppressHydrationWarning>
          {run.startedAt === undefined ? 'Queued ' : 'Started '}
          {formatDateTime(startedAt)}
        </time>
        {active && (
          <button
            {...part('cancel-button', classNames)}
            type="button"
            disabled={cancelling}
            aria-label={`Cancel import of ${source}`}
            onClick={() => void cancel()}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      <dl {...part('run-counters', classNames)}>
        {shownCounters(run.counters).map((counter) => (
          <div {...part('run-counter', classNames)} key={counter} data-counter={counter} data-value={run.counters[counter]}>
            <dt {...part('counter-label', classNames)}>{counterLabels[counter]}</dt>
            <dd {...part('counter-value', classNames)}>{formatNumber(run.counters[counter])}</dd>
          </div>
        ))}
      </dl>
      {run.status === 'rate-limited' && run.resumesAt !== undefined && (
        <p {...part('run-wait', classNames)}>
          Waiting for the app&apos;s rate limit; resumes at{' '}
          <time {...part('run-resumes-at', classNames)} dateTime={isoDateTime(run.resumesAt)} suppressHydrationWarning>
            {formatDateTime(run.resumesAt)}
          </time>
          .
        </p>
      )}
      {run.error && (
        <p {...part('run-error', classNames)} data-error-code={run.error.code}>
          {run.error.message}
        </p>
      )}
      {cancelError && (
        <p {...part('cancel-error', classNames)} role="alert">
          {cancelError.message}
        </p>
      )}
      {run.skipped.length > 0 && (
        <details {...part('run-skipped', classNames)}>
          <summary {...part('run-skipped-summary', classNames)}>
            {plural(run.counters.skipped, 'record', 'records')} could not be imported
          </summary>
          <ul {...part('run-skipped-list', classNames)}>
            {run.skipped.map((skipped, index) => (
              <li {...part('run-skipped-item', classNames)} key={`${skipped.recordId}-${index}`}>
                <code {...part('skipped-record-id', classNames)}>{skipped.recordId}</code>: {skipped.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

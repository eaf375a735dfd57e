import { Fragment, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { RunCounters, RunSnapshot } from '../../engine/index.ts';
import type { DisplayError } from '../utils/errors.ts';
import { formatDateTime, formatNumber, isoDateTime } from '../utils/format.ts';
import { runStatusLabel } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { RunCountdown } from './RunList.tsx';
import { useImportRunsContext, type ImportRunsPart } from './importRunsContext.ts';
import { actionLabels, type RunAction } from './runActions.ts';
import {
  countOf,
  flowEventLabel,
  formatDuration,
  formatTime,
  kindLabels,
  outcomeLabels,
  recordCount,
  runSource,
  runTitle,
  stepLabels,
  stepStatusLabels,
} from './runFormat.ts';
import { useDeadLetters } from './useDeadLetters.ts';
import { useRunActions } from './useRunActions.ts';

type Classes = PartClassNames<ImportRunsPart> | undefined;

/** Props of the detail's sections; each shows `run`, or else the selected run. */
export interface ImportRunsSectionProps {
  className?: string;
  /** The run to show. @default the selected run */
  run?: RunSnapshot;
}

function useSectionRun(caller: string, given: RunSnapshot | undefined): { run: RunSnapshot | undefined; classNames: Classes } {
  const { selectedRun, classNames } = useImportRunsContext(caller);
  return { run: given ?? selectedRun, classNames };
}

/**
 * The selected run in full: what it is, its actions, the rate-limit countdown, counters, flow steps,
 * problems with the record ids they concern, and its log.
 *
 * Data attributes:
 * - `[data-part="run-detail"]`: `data-state`, the run's status; `data-kind`; `data-run-id`.
 * - `[data-part="detail-empty"]`: stands in while no run is selected.
 * - `[data-part="run-wait"]`: shown while rate-limited, with `[data-part="run-countdown"]` (`data-value`, seconds).
 */
export interface ImportRunsDetailProps {
  className?: string;
  /** Replaces the default sections (Actions, Counters, Steps, Problems, Timeline), e.g. to leave some out or reorder them. */
  children?: ReactNode;
}

export function ImportRunsDetail({ className, children }: ImportRunsDetailProps) {
  const { selectedRun: run, status, allRuns, classNames } = useImportRunsContext('ImportRuns.Detail');
  const titleId = useId();
  if (!run) {
    return (
      status === 'ready' &&
      allRuns.length > 0 && (
        <p {...part('detail-empty', classNames, className)} data-state="empty">
          Select a run to see its counters, log and actions.
        </p>
      )
    );
  }
  const fact = (name: string, label: string, value: ReactNode) => (
    <div {...part('detail-fact', classNames)} data-fact={name}>
      <dt {...part('fact-label', classNames)}>{label}</dt>
      <dd {...part('fact-value', classNames)}>{value}</dd>
    </div>
  );
  const time = (at: number) => (
    <time {...part('run-started', classNames)} dateTime={isoDateTime(at)} suppressHydrationWarning>
      {formatDateTime(at)}
    </time>
  );
  const { flow, finishedAt } = run;
  return (
    <section
      {...part('run-detail', classNames, className)}
      aria-labelledby={titleId}
      data-state={run.status}
      data-kind={run.kind}
      data-run-id={run.id}
    >
      <header {...part('detail-header', classNames)}>
        <h3 {...part('detail-title', classNames)} id={titleId}>
          {runTitle(run)}
        </h3>
        <span {...part('run-status', classNames)} data-state={run.status}>
          {runStatusLabel(run.status)}
        </span>
      </header>
      <dl {...part('detail-facts', classNames)}>
        {fact('kind', 'Kind', kindLabels[run.kind])}
        {fact('source', 'Source', runSource(run))}
        {fact('started', run.startedAt === undefined ? 'Queued' : 'Started', time(run.startedAt ?? run.createdAt))}
        {finishedAt !== undefined && fact('finished', 'Finished', time(finishedAt))}
        {finishedAt !== undefined && run.startedAt !== undefined && fact('duration', 'Duration', formatDuration(finishedAt - run.startedAt))}
        {flow && (
          <>
            {fact('event', 'Event', flowEventLabel(flow.type))}
            {fact('record', 'Record', flow.recordId)}
            {flow.version !== undefined && fact('version', 'Version', String(flow.version))}
            {fact('origin', 'Came from', flow.origin === 'retry' ? 'a retry' : flow.origin)}
            {flow.events > 1 && fact('events', 'Events', formatNumber(flow.events))}
            {flow.outcome && fact('outcome', 'Outcome', outcomeLabels[flow.outcome])}
          </>
        )}
      </dl>
      {run.status === 'rate-limited' && run.resumesAt !== undefined && (
        <p {...part('run-wait', classNames)}>
          Waiting for the app&apos;s rate limit. <RunCountdown run={run} classNames={classNames} /> (at{' '}
          <time {...part('run-resumes-at', classNames)} dateTime={isoDateTime(run.resumesAt)} suppressHydrationWarning>
            {formatTime(run.resumesAt)}
          </time>
          ).
        </p>
      )}
      {children ?? (
        <>
          <ImportRunsActions run={run} />
          <ImportRunsCounters run={run} />
          <ImportRunsSteps run={run} />
          <ImportRunsProblems run={run} />
          <ImportRunsTimeline run={run} />
        </>
      )}
    </section>
  );
}

/** Each counter a run shows, with its label: pages only for imports, dead letters once there are any. */
const counterLabels = [
  ['pages', 'Pages'],
  ['fetched', 'Fetched'],
  ['delivered', 'Delivered'],
  ['skipped', 'Skipped'],
  ['retries', 'Retries'],
  ['deadLettered', 'Not accepted'],
] as const satisfies readonly (readonly [Exclude<keyof RunCounters, 'bytes'>, string])[];

/**
 * A run's counters.
 *
 * Data attributes: `[data-part="run-counter"]` has `data-counter` (the counter's key) and `data-value`, the number.
 */
export function ImportRunsCounters({ className, run: given }: ImportRunsSectionProps) {
  const { run, classNames } = useSectionRun('ImportRuns.Counters', given);
  return (
    run && (
      <dl {...part('run-counters', classNames, className)} aria-label="Counters">
        {counterLabels.map(
          ([counter, label]) =>
            (counter === 'pages' ? run.kind === 'import' : counter !== 'deadLettered' || run.counters.deadLettered > 0) && (
              <div key={counter} {...part('run-counter', classNames)} data-counter={counter} data-value={run.counters[counter]}>
                <dt {...part('counter-label', classNames)}>{label}</dt>
                <dd {...part('counter-value', classNames)}>{formatNumber(run.counters[counter])}</dd>
              </div>
            ),
        )}
      </dl>
    )
  );
}

/** A titled section of the detail, or nothing without `children`. */
function DetailSection({
  name,
  title,
  className,
  classNames,
  children,
}: {
  name: string;
  title: string;
  className: string | undefined;
  classNames: Classes;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section {...part('detail-section', classNames, className)} data-section={name} aria-labelledby={headingId}>
      <h4 {...part('detail-heading', classNames)} id={headingId}>
        {title}
      </h4>
      {children}
    </section>
  );
}

/**
 * A flow run's steps (fetch the record, map it, deliver it); nothing for an import.
 *
 * Data attributes: `[data-part="flow-step"]` has `data-step="fetch" | "map" | "deliver"` and
 * `data-state="pending" | "running" | "succeeded" | "skipped" | "failed"`.
 */
export function ImportRunsSteps({ className, run: given }: ImportRunsSectionProps) {
  const { run, classNames } = useSectionRun('ImportRuns.Steps', given);
  const steps = run?.flow?.steps;
  return (
    steps && (
      <DetailSection name="steps" title="Steps" className={className} classNames={classNames}>
        <ol {...part('flow-steps', classNames)}>
          {steps.map((step) => (
            <li key={step.name} {...part('flow-step', classNames)} data-step={step.name} data-state={step.status}>
              <span {...part('step-name', classNames)}>{stepLabels[step.name]}</span>{' '}
              <span {...part('step-status', classNames)} data-state={step.status}>
                {stepStatusLabels[step.status]}
              </span>
              {step.note && <span {...part('step-note', classNames)}> {step.note}</span>}
              {step.error && (
                <span {...part('step-error', classNames)} data-error-code={step.error.code}>
                  {' '}
                  {step.error.message}
                </span>
              )}
            </li>
          ))}
        </ol>
      </DetailSection>
    )
  );
}

const SHOWN_RECORD_IDS = 50;

/**
 * What went wrong, with the records it concerns: the run's error, the records skipped because they could not be
 * mapped, and the records the destination did not accept (its dead letters, loaded on demand).
 *
 * Data attributes:
 * - `[data-part="run-error"]`: `data-error-code`.
 * - `[data-part="dead-letters"]`: `data-state="loading" | "success" | "error"`; each `[data-part="dead-letter"]` has `data-letter-id`.
 */
export function ImportRunsProblems({ className, run: given }: ImportRunsSectionProps) {
  const { run, classNames } = useSectionRun('ImportRuns.Problems', given);
  const deadLetters = useDeadLetters(run);
  if (!run || (!run.error && run.skipped.length === 0 && run.counters.deadLettered === 0)) return null;
  const error = (shown: DisplayError | undefined) =>
    shown && (
      <p {...part('run-error', classNames)} data-error-code={shown.code}>
        {shown.message}
      </p>
    );
  const { letters } = deadLetters;
  return (
    <DetailSection name="problems" title="Problems" className={className} classNames={classNames}>
      {error(run.error)}
      {run.skipped.length > 0 && (
        <details {...part('run-skipped', classNames)}>
          <summary {...part('run-skipped-summary', classNames)}>{recordCount(run.counters.skipped)} could not be mapped</summary>
          <ul {...part('run-skipped-list', classNames)}>
            {run.skipped.map((skipped, index) => (
              <li key={index} {...part('run-skipped-item', classNames)}>
                <code {...part('skipped-record-id', classNames)}>{skipped.recordId}</code>: {skipped.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {run.counters.deadLettered > 0 && (
        <div {...part('dead-letters', classNames)} data-state={deadLetters.status}>
          <p {...part('dead-letters-status', classNames)}>
            {countOf(run.counters.deadLettered, 'record was', 'records were')} not accepted by the destination
            {deadLetters.status === 'loading' && letters.length === 0 ? '; loading which…' : '.'}
          </p>
          {error(deadLetters.error)}
          {letters.length > 0 && (
            <ul {...part('dead-letter-list', classNames)}>
              {letters.map((letter) => (
                <li key={letter.id} {...part('dead-letter', classNames)} data-letter-id={letter.id}>
                  <p {...part('dead-letter-error', classNames)} data-error-code={letter.error.code}>
                    {recordCount(letter.records.length)}, refused after {countOf(letter.attempts, 'attempt', 'attempts')}:{' '}
                    {letter.error.message}
                  </p>
                  <p {...part('dead-letter-records', classNames)}>
                    {letter.records.slice(0, SHOWN_RECORD_IDS).map((record, index) => (
                      <Fragment key={record.id}>
                        {index > 0 && ', '}
                        <code {...part('dead-letter-record-id', classNames)}>{record.id}</code>
                      </Fragment>
                    ))}
                    {letter.records.length > SHOWN_RECORD_IDS && ` and ${formatNumber(letter.records.length - SHOWN_RECORD_IDS)} more`}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </DetailSection>
  );
}

/**
 * The run's log, oldest first.
 *
 * Data attributes: `[data-part="timeline-entry"]` has `data-level="info" | "warn" | "error"`.
 */
export function ImportRunsTimeline({ className, run: given }: ImportRunsSectionProps) {
  const { run, classNames } = useSectionRun('ImportRuns.Timeline', given);
  return (
    !!run?.log.length && (
      <DetailSection name="log" title="Log" className={className} classNames={classNames}>
        <ol {...part('run-timeline', classNames)}>
          {run.log.map((entry, index) => (
            <li key={index} {...part('timeline-entry', classNames)} data-level={entry.level}>
              <time {...part('timeline-time', classNames)} dateTime={isoDateTime(entry.at)} suppressHydrationWarning>
                {formatTime(entry.at)}
              </time>{' '}
              <span {...part('timeline-message', classNames)}>{entry.message}</span>
            </li>
          ))}
        </ol>
      </DetailSection>
    )
  );
}

/**
 * The actions the run allows (cancel, resume, retry failed records, retry a flow run, start over), with
 * a confirmation before starting over and the failure of the last one as a typed error.
 *
 * Data attributes:
 * - `[data-part="run-actions"]`: `data-state="idle" | "pending" | "confirming"`.
 * - `[data-part="run-action"]`: `data-action`, the action; `data-state="idle" | "pending"`.
 * - `[data-part="action-error"]` (`role="alert"`): `data-action` and `data-error-code`.
 */
export function ImportRunsActions({ className, run: given }: ImportRunsSectionProps) {
  const { run, classNames } = useSectionRun('ImportRuns.Actions', given);
  const { available, pending, error, perform } = useRunActions(run);
  const [confirming, setConfirming] = useState<string>();
  const groupRef = useRef<HTMLDivElement>(null);
  const restartRef = useRef<HTMLButtonElement>(null);
  const restoreFocus = useRef(false);
  const confirmId = useId();
  const isConfirming = confirming === run?.id && available.includes('restart');

  // The button pressed may be gone once the run changed (Cancel on a cancelled run): keep focus in the group.
  useEffect(() => {
    if (pending !== null || !restoreFocus.current) return;
    restoreFocus.current = false;
    const group = groupRef.current;
    const active = group?.ownerDocument.activeElement;
    if (group && (!active || active === group.ownerDocument.body)) group.focus();
  }, [pending]);

  if (!run || (available.length === 0 && !error)) return null;

  const act = (action: RunAction) => {
    restoreFocus.current = true;
    void perform(action);
  };
  const dismiss = () => {
    setConfirming(undefined);
    restartRef.current?.focus();
  };

  return (
    <div
      {...part('run-actions', classNames, className)}
      ref={groupRef}
      role="group"
      aria-label="Run actions"
      tabIndex={-1}
      data-state={pending ? 'pending' : isConfirming ? 'confirming' : 'idle'}
    >
      {available.map((action) => {
        const restart = action === 'restart';
        return (
          <button
            key={action}
            {...part('run-action', classNames)}
            ref={restart ? restartRef : undefined}
            type="button"
            data-action={action}
            data-state={pending === action ? 'pending' : 'idle'}
            disabled={pending !== null}
            aria-busy={pending === action || undefined}
            aria-expanded={restart ? isConfirming : undefined}
            aria-controls={restart && isConfirming ? confirmId : undefined}
            onClick={() => (restart ? setConfirming(run.id) : act(action))}
          >
            {actionLabels[action][pending === action ? 1 : 0]}
          </button>
        );
      })}
      {isConfirming && (
        <div
          {...part('confirm', classNames)}
          id={confirmId}
          role="group"
          aria-labelledby={`${confirmId}-message`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.stopPropagation();
            dismiss();
          }}
        >
          <p {...part('confirm-message', classNames)} id={`${confirmId}-message`}>
            Start over from the first page? Every record is fetched and delivered again.
          </p>
          <button
            {...part('confirm-button', classNames)}
            type="button"
            onClick={() => {
              setConfirming(undefined);
              groupRef.current?.focus();
              act('restart');
            }}
          >
            Yes, start over
          </button>
          {/* The safe choice takes focus when the question appears. */}
          <button {...part('dismiss-button', classNames)} type="button" autoFocus onClick={dismiss}>
            Not now
          </button>
        </div>
      )}
      {error && (
        <p {...part('action-error', classNames)} role="alert" data-action={error.action} data-error-code={error.code}>
          {actionLabels[error.action][0]} failed: {error.message}
        </p>
      )}
    </div>
  );
}

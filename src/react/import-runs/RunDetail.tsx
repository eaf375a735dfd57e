import { Fragment, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { RunCounters, RunSnapshot } from '../../engine/index.ts';
import { formatDateTime, formatNumber, isoDateTime } from '../utils/format.ts';
import { runStatusLabel } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { RunCountdown } from './RunList.tsx';
import { useImportRunsContext, type ImportRunsPart } from './importRunsContext.ts';
import { runActionLabel, runActionPendingLabel, type RunAction } from './runActions.ts';
import {
  countOf,
  flowEventLabel,
  flowOutcomeLabel,
  flowStepLabel,
  flowStepStatusLabel,
  formatDuration,
  formatTime,
  runDuration,
  runKindLabel,
  runSource,
  runTitle,
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
    if (status !== 'ready' || allRuns.length === 0) return null;
    return (
      <p {...part('detail-empty', classNames, className)} data-state="empty">
        Select a run to see its counters, log and actions.
      </p>
    );
  }
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
      <RunFacts run={run} classNames={classNames} />
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

function RunFacts({ run, classNames }: { run: RunSnapshot; classNames: Classes }) {
  const fact = (label: string, value: ReactNode, name: string) => (
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
  const duration = run.finishedAt !== undefined ? runDuration(run, run.finishedAt) : undefined;
  const flow = run.flow;
  return (
    <dl {...part('detail-facts', classNames)}>
      {fact('Kind', runKindLabel(run.kind), 'kind')}
      {fact('Source', runSource(run), 'source')}
      {fact(run.startedAt === undefined ? 'Queued' : 'Started', time(run.startedAt ?? run.createdAt), 'started')}
      {run.finishedAt !== undefined && fact('Finished', time(run.finishedAt), 'finished')}
      {duration !== undefined && fact('Duration', formatDuration(duration), 'duration')}
      {flow && fact('Event', flowEventLabel(flow.type), 'event')}
      {flow && fact('Record', flow.recordId, 'record')}
      {flow?.version !== undefined && fact('Version', String(flow.version), 'version')}
      {flow && fact('Came from', flow.origin === 'retry' ? 'a retry' : flow.origin, 'origin')}
      {flow && flow.events > 1 && fact('Events', formatNumber(flow.events), 'events')}
      {flow?.outcome && fact('Outcome', flowOutcomeLabel(flow.outcome), 'outcome')}
    </dl>
  );
}

const counterLabels: Record<Exclude<keyof RunCounters, 'bytes'>, string> = {
  pages: 'Pages',
  fetched: 'Fetched',
  delivered: 'Delivered',
  skipped: 'Skipped',
  retries: 'Retries',
  deadLettered: 'Not accepted',
};

/** The counters a run shows: pages only for imports, dead letters once there are any. */
function shownCounters(run: RunSnapshot): (keyof typeof counterLabels)[] {
  const shown: (keyof typeof counterLabels)[] = run.kind === 'import' ? ['pages'] : [];
  shown.push('fetched', 'delivered', 'skipped', 'retries');
  if (run.counters.deadLettered > 0) shown.push('deadLettered');
  return shown;
}

/**
 * A run's counters.
 *
 * Data attributes: `[data-part="run-counter"]` has `data-counter` (the counter's key) and `data-value`, the number.
 */
export function ImportRunsCounters({ className, run: given }: ImportRunsSectionProps) {
  const { run, classNames } = useSectionRun('ImportRuns.Counters', given);
  if (!run) return null;
  return (
    <dl {...part('run-counters', classNames, className)} aria-label="Counters">
      {shownCounters(run).map((counter) => (
        <div {...part('run-counter', classNames)} key={counter} data-counter={counter} data-value={run.counters[counter]}>
          <dt {...part('counter-label', classNames)}>{counterLabels[counter]}</dt>
          <dd {...part('counter-value', classNames)}>{formatNumber(run.counters[counter])}</dd>
        </div>
      ))}
    </dl>
  );
}

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
  if (!steps) return null;
  return (
    <DetailSection name="steps" title="Steps" className={className} classNames={classNames}>
      <ol {...part('flow-steps', classNames)}>
        {steps.map((step) => (
          <li {...part('flow-step', classNames)} key={step.name} data-step={step.name} data-state={step.status}>
            <span {...part('step-name', classNames)}>{flowStepLabel(step.name)}</span>{' '}
            <span {...part('step-status', classNames)} data-state={step.status}>
              {flowStepStatusLabel(step.status)}
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
  return (
    <DetailSection name="problems" title="Problems" className={className} classNames={classNames}>
      {run.error && (
        <p {...part('run-error', classNames)} data-error-code={run.error.code}>
          {run.error.message}
        </p>
      )}
      {run.skipped.length > 0 && (
        <details {...part('run-skipped', classNames)}>
          <summary {...part('run-skipped-summary', classNames)}>
            {countOf(run.counters.skipped, 'record', 'records')} could not be mapped
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
      {run.counters.deadLettered > 0 && (
        <div {...part('dead-letters', classNames)} data-state={deadLetters.status}>
          <p {...part('dead-letters-status', classNames)}>
            {countOf(run.counters.deadLettered, 'record was', 'records were')} not accepted by the destination
            {deadLetters.status === 'loading' && deadLetters.letters.length === 0 ? '; loading which…' : '.'}
          </p>
          {deadLetters.error && (
            <p {...part('run-error', classNames)} data-error-code={deadLetters.error.code}>
              {deadLetters.error.message}
            </p>
          )}
          {deadLetters.letters.length > 0 && (
            <ul {...part('dead-letter-list', classNames)}>
              {deadLetters.letters.map((letter) => (
                <li {...part('dead-letter', classNames)} key={letter.id} data-letter-id={letter.id}>
                  <p {...part('dead-letter-error', classNames)} data-error-code={letter.error.code}>
                    {countOf(letter.records.length, 'record', 'records')}, refused after{' '}
                    {countOf(letter.attempts, 'attempt', 'attempts')}: {letter.error.message}
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
  if (!run || run.log.length === 0) return null;
  return (
    <DetailSection name="log" title="Log" className={className} classNames={classNames}>
      <ol {...part('run-timeline', classNames)}>
        {run.log.map((entry, index) => (
          <li {...part('timeline-entry', classNames)} key={`${entry.at}-${index}`} data-level={entry.level}>
            <time {...part('timeline-time', classNames)} dateTime={isoDateTime(entry.at)} suppressHydrationWarning>
              {formatTime(entry.at)}
            </time>{' '}
            <span {...part('timeline-message', classNames)}>{entry.message}</span>
          </li>
        ))}
      </ol>
    </DetailSection>
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
  const [confirming, setConfirming] = useState<string | null>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const restartRef = useRef<HTMLButtonElement>(null);
  const dismissRef = useRef<HTMLButtonElement>(null);
  const restoreFocus = useRef(false);
  const confirmId = useId();
  const messageId = useId();
  const isConfirming = run !== undefined && confirming === run.id && available.includes('restart');

  // The safe choice takes focus when the question appears.
  useEffect(() => {
    if (isConfirming) dismissRef.current?.focus();
  }, [isConfirming]);

  // The button pressed may be gone once the run changed (Cancel on a cancelled run): keep focus in the group.
  useEffect(() => {
    if (pending !== null || !restoreFocus.current) return;
    restoreFocus.current = false;
    const group = groupRef.current;
    const active = group?.ownerDocument.activeElement;
    if (group && (!active || active === group.ownerDocument.body)) group.focus();
  }, [pending, run?.revision]);

  if (!run || (available.length === 0 && !error)) return null;

  const act = (action: RunAction) => {
    restoreFocus.current = true;
    void perform(action);
  };
  const dismiss = () => {
    setConfirming(null);
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
      {available.map((action) => (
        <button
          {...part('run-action', classNames)}
          key={action}
          ref={action === 'restart' ? restartRef : undefined}
          type="button"
          data-action={action}
          data-state={pending === action ? 'pending' : 'idle'}
          disabled={pending !== null}
          aria-busy={pending === action || undefined}
          {...(action === 'restart' ? { 'aria-expanded': isConfirming, 'aria-controls': isConfirming ? confirmId : undefined } : {})}
          onClick={() => (action === 'restart' ? setConfirming(run.id) : act(action))}
        >
          {pending === action ? runActionPendingLabel(action) : runActionLabel(action)}
        </button>
      ))}
      {isConfirming && (
        <div
          {...part('confirm', classNames)}
          id={confirmId}
          role="group"
          aria-labelledby={messageId}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.stopPropagation();
            dismiss();
          }}
        >
          <p {...part('confirm-message', classNames)} id={messageId}>
            Start over from the first page? Every record is fetched and delivered again.
          </p>
          <button
            {...part('confirm-button', classNames)}
            type="button"
            onClick={() => {
              setConfirming(null);
              groupRef.current?.focus();
              act('restart');
            }}
          >
            Yes, start over
          </button>
          <button {...part('dismiss-button', classNames)} type="button" ref={dismissRef} onClick={dismiss}>
            Not now
          </button>
        </div>
      )}
      {error && (
        <p {...part('action-error', classNames)} role="alert" data-action={error.action} data-error-code={error.code}>
          {runActionLabel(error.action)} failed: {error.message}
        </p>
      )}
    </div>
  );
}

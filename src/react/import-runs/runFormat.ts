import type {
  FlowEventType,
  FlowOutcome,
  FlowStepName,
  FlowStepStatus,
  RunKind,
  RunSnapshot,
  RunStatus,
} from '../../engine/index.ts';
import { formatNumber } from '../utils/format.ts';
import { runStatusLabel } from '../utils/labels.ts';

/** The data model (or raw collection) a run imports. */
export function runSource(run: RunSnapshot): string {
  return run.dataSource.dataModel ?? run.dataSource.collection;
}

const eventVerbs: Record<FlowEventType, string> = {
  'record-created': 'Created',
  'record-updated': 'Updated',
  'record-deleted': 'Deleted',
};

/** `Import of users`, or for a flow run the record it carried: `Updated usr_0004 (users)`. */
export function runTitle(run: RunSnapshot): string {
  if (run.kind === 'flow' && run.flow) return `${eventVerbs[run.flow.type]} ${run.flow.recordId} (${runSource(run)})`;
  return `Import of ${runSource(run)}`;
}

const kindLabels: Record<RunKind, string> = { import: 'Import', flow: 'Flow run' };

export function runKindLabel(kind: RunKind): string {
  return kindLabels[kind];
}

/** When a run started, or was queued if it has not started yet. */
export function runStartedAt(run: RunSnapshot): number {
  return run.startedAt ?? run.createdAt;
}

/** `45 s`, `2 min 5 s`, `1 h 20 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** How long a run took, or has taken so far by `now`; undefined before it starts. */
export function runDuration(run: RunSnapshot, now: number): number | undefined {
  if (run.startedAt === undefined) return undefined;
  return (run.finishedAt ?? now) - run.startedAt;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A time of day with seconds, for log entries. */
export function formatTime(at: number): string {
  return timeFormat.format(at);
}

const outcomeLabels: Record<FlowOutcome, string> = {
  delivered: 'Delivered',
  stale: 'Not delivered: the host already has a newer version',
  duplicate: 'Not delivered: this version was delivered before',
  gone: 'Not delivered: the record is gone from the app',
};

export function flowOutcomeLabel(outcome: FlowOutcome): string {
  return outcomeLabels[outcome];
}

const outcomeShortLabels: Record<FlowOutcome, string> = {
  delivered: 'Delivered',
  stale: 'Newer version already delivered',
  duplicate: 'Already delivered',
  gone: 'Gone from the app',
};

/** The outcome in a few words, for a row of the list. */
export function flowOutcomeShortLabel(outcome: FlowOutcome): string {
  return outcomeShortLabels[outcome];
}

export function flowEventLabel(type: FlowEventType): string {
  return `Record ${eventVerbs[type].toLowerCase()}`;
}

const stepLabels: Record<FlowStepName, string> = { fetch: 'Fetch the record', map: 'Map its fields', deliver: 'Deliver it' };

export function flowStepLabel(name: FlowStepName): string {
  return stepLabels[name];
}

const stepStatusLabels: Record<FlowStepStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

export function flowStepStatusLabel(status: FlowStepStatus): string {
  return stepStatusLabels[status];
}

/** Status names for the filter, shorter than the badges' (`Rate limited` rather than `Rate limited, waiting`). */
export function statusFilterLabel(status: RunStatus): string {
  return status === 'rate-limited' ? 'Rate limited' : runStatusLabel(status);
}

/** `1,200 records`, `1 page`: a count in the reader's locale with its noun. */
export function countOf(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** What a running import has done so far, in words: `75 records delivered, 3 pages`. */
export function describeProgress(run: RunSnapshot): string {
  return `${countOf(run.counters.delivered, 'record', 'records')} delivered, ${countOf(run.counters.pages, 'page', 'pages')}`;
}

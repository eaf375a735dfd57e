import type { FlowEventType, FlowOutcome, FlowStepName, FlowStepStatus, RunKind, RunSnapshot } from '../../engine/index.ts';
import { formatNumber } from '../utils/format.ts';

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
  return run.kind === 'flow' && run.flow
    ? `${eventVerbs[run.flow.type]} ${run.flow.recordId} (${runSource(run)})`
    : `Import of ${runSource(run)}`;
}

/** `Record updated`: a flow run's event, for its detail. */
export const flowEventLabel = (type: FlowEventType): string => `Record ${eventVerbs[type].toLowerCase()}`;

export const kindLabels: Record<RunKind, string> = { import: 'Import', flow: 'Flow run' };

/** `45 s`, `2 min 5 s`, `1 h 20 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [big, unit, small, smallUnit] =
    seconds < 60
      ? [seconds, 's']
      : seconds < 3600
        ? [Math.floor(seconds / 60), 'min', seconds % 60, 's']
        : [Math.floor(seconds / 3600), 'h', Math.floor(seconds / 60) % 60, 'min'];
  return small ? `${big} ${unit} ${small} ${smallUnit}` : `${big} ${unit}`;
}

/** How long a run took, or has taken so far by `now`; undefined before it starts. */
export function runDuration(run: RunSnapshot, now: number): number | undefined {
  return run.startedAt === undefined ? undefined : (run.finishedAt ?? now) - run.startedAt;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A time of day with seconds, for log entries. */
export const formatTime = (at: number): string => timeFormat.format(at);

export const outcomeLabels: Record<FlowOutcome, string> = {
  delivered: 'Delivered',
  stale: 'Not delivered: the host already has a newer version',
  duplicate: 'Not delivered: this version was delivered before',
  gone: 'Not delivered: the record is gone from the app',
};

/** The outcome in a few words, for a row of the list. */
export const outcomeShortLabels: Record<FlowOutcome, string> = {
  delivered: 'Delivered',
  stale: 'Newer version already delivered',
  duplicate: 'Already delivered',
  gone: 'Gone from the app',
};

export const stepLabels: Record<FlowStepName, string> = { fetch: 'Fetch the record', map: 'Map its fields', deliver: 'Deliver it' };

export const stepStatusLabels: Record<FlowStepStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** `1,200 records`, `1 page`: a count in the reader's locale with its noun. */
export function countOf(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** `1 record`, `50 records`. */
export const recordCount = (count: number): string => countOf(count, 'record', 'records');

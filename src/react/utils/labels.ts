import type { ConnectionStatus, RunStatus } from '../../engine/index.ts';

const connectionStatusLabels: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  'needs-reauth': 'Needs re-authentication',
  error: 'Error',
  disconnected: 'Disconnected',
};

export function connectionStatusLabel(status: ConnectionStatus): string {
  return connectionStatusLabels[status];
}

const runStatusLabels: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  'rate-limited': 'Rate limited, waiting',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function runStatusLabel(status: RunStatus): string {
  return runStatusLabels[status];
}

/** Whether a run can still be cancelled. */
export function isRunActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'rate-limited';
}

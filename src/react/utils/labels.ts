import type { ConnectionStatus, RunStatus } from '../../engine/index.ts';

export function connectionStatusLabel(status: ConnectionStatus): string {
  switch (status) {
    case 'connected':
      return 'Connected';
    case 'needs-reauth':
      return 'Needs re-authentication';
    case 'error':
      return 'Error';
    case 'disconnected':
      return 'Disconnected';
    default:
      return status satisfies never;
  }
}

export function runStatusLabel(status: RunStatus): string {
  switch (status) {
    case 'queued':
      return 'Queued';
    case 'running':
      return 'Running';
    case 'rate-limited':
      return 'Rate limited, waiting';
    case 'succeeded':
      return 'Succeeded';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    default:
      return status satisfies never;
  }
}

/** Whether a run can still be cancelled. */
export function isRunActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'rate-limited';
}

import { useCallback } from 'react';
import type { ClientStatus } from '../../client/index.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import { useClientStatus } from './useClientStatus.ts';
import { useTributaryClient } from './useTributaryClient.ts';

export interface ClientLoad {
  status: ClientStatus;
  /** Why the client could not load, for people. */
  error: DisplayError | undefined;
  /** Loads again, after an error. */
  reload: () => void;
}

/** Whether the client has loaded, why not, and a way to try again: what the components' loading states show. */
export function useClientLoad(): ClientLoad {
  const client = useTributaryClient();
  const { status, error } = useClientStatus();
  const reload = useCallback(() => void client.start(), [client]);
  return { status, error: error ? toDisplayError(error) : undefined, reload };
}

/** A list of the client's state: `loading` until the client is ready, then `empty` or `success` by its length. */
export function listStatus(status: ClientStatus, count: number): 'loading' | 'error' | 'empty' | 'success' {
  return status === 'error' ? 'error' : status !== 'ready' ? 'loading' : count === 0 ? 'empty' : 'success';
}

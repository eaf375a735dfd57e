import type { ClientStatus, TributaryError } from '../../client/index.ts';
import { useClientSelector } from './useClientSelector.ts';

export interface ClientStatusValue {
  status: ClientStatus;
  error: TributaryError | undefined;
}

/** Whether the client has loaded apps, connections and runs, and why not if it failed. */
export function useClientStatus(): ClientStatusValue {
  const status = useClientSelector((state) => state.status);
  const error = useClientSelector((state) => state.error);
  return { status, error };
}

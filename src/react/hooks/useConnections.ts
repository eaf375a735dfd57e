import type { Connection } from '../../engine/index.ts';
import { useClientSelector } from './useClientSelector.ts';

const selectConnections = (state: { connections: readonly Connection[] }) => state.connections;

/** The tenant's connections, live. */
export function useConnections(): readonly Connection[] {
  return useClientSelector(selectConnections);
}

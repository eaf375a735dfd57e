import type { AppSummary } from '../../engine/index.ts';
import { useClientSelector } from './useClientSelector.ts';

const selectApps = (state: { apps: readonly AppSummary[] }) => state.apps;

/** The apps the engine knows, in catalog order. */
export function useApps(): readonly AppSummary[] {
  return useClientSelector(selectApps);
}

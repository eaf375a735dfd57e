import type { ResourceSnapshot } from '../../client/index.ts';
import type { DataSourceRef, FieldMappingState } from '../../engine/index.ts';
import { useResource } from './useResource.ts';
import { useTributaryClient } from './useTributaryClient.ts';

/** The field mapping of one data source with its target schema and source fields, loaded on first use. */
export function useFieldMapping(dataSource: DataSourceRef): ResourceSnapshot<FieldMappingState> {
  // The client caches resources per data-source key, so asking during render is cheap and stable.
  return useResource(useTributaryClient().fieldMapping(dataSource));
}

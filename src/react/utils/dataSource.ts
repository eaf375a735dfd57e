import type { DataSourceRef } from '../../engine/index.ts';

/** A stable string for a data source, for keys and equality. */
export function dataSourceKey(ref: DataSourceRef): string {
  return ref.dataModel !== undefined
    ? `${ref.connectionId}:model:${ref.dataModel}`
    : `${ref.connectionId}:collection:${ref.collection ?? ''}`;
}

/** The radio value of a picker option: a data model or a raw collection. */
export type PickerOptionValue = `model:${string}` | `collection:${string}`;

export function toPickerValue(ref: DataSourceRef | null | undefined, connectionId: string): PickerOptionValue | undefined {
  if (!ref || ref.connectionId !== connectionId) return undefined;
  if (ref.dataModel !== undefined) return `model:${ref.dataModel}`;
  if (ref.collection !== undefined) return `collection:${ref.collection}`;
  return undefined;
}

export function fromPickerValue(value: string, connectionId: string): DataSourceRef | undefined {
  if (value.startsWith('model:')) return { connectionId, dataModel: value.slice('model:'.length) };
  if (value.startsWith('collection:')) return { connectionId, collection: value.slice('collection:'.length) };
  return undefined;
}

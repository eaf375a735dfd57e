'use client';

export { TributaryProvider } from './TributaryProvider.tsx';
export type { TributaryProviderProps, TributaryTheme } from './TributaryProvider.tsx';

export { AppCatalog } from './app-catalog/AppCatalog.tsx';
export type { AppCatalogPart, AppCatalogProps } from './app-catalog/AppCatalog.tsx';
export { ConnectDialog } from './connect-dialog/ConnectDialog.tsx';
export type { ConnectDialogPart, ConnectDialogProps } from './connect-dialog/ConnectDialog.tsx';
export { CollectionPicker } from './collection-picker/CollectionPicker.tsx';
export type { CollectionPickerPart, CollectionPickerProps } from './collection-picker/CollectionPicker.tsx';
export { FieldMappingEditor } from './field-mapping-editor/FieldMappingEditor.tsx';
export type { FieldMappingEditorPart, FieldMappingEditorProps } from './field-mapping-editor/FieldMappingEditor.tsx';
export { ImportRuns } from './import-runs/ImportRuns.tsx';
export type { ImportRunsPart, ImportRunsProps } from './import-runs/ImportRuns.tsx';

export { useTributaryClient, usePortalContainer } from './hooks/useTributaryClient.ts';
export { useClientSelector } from './hooks/useClientSelector.ts';
export { useClientStatus } from './hooks/useClientStatus.ts';
export type { ClientStatusValue } from './hooks/useClientStatus.ts';
export { useApps } from './hooks/useApps.ts';
export { useConnections } from './hooks/useConnections.ts';
export { useRuns, useRun } from './hooks/useRuns.ts';
export { useResource } from './hooks/useResource.ts';
export { useCollections } from './hooks/useCollections.ts';
export { useFieldMapping } from './hooks/useFieldMapping.ts';

export type { PartClassNames } from './utils/part.ts';

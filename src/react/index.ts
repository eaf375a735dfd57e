'use client';

export { TributaryProvider } from './TributaryProvider.tsx';
export type { TributaryProviderProps, TributaryTheme } from './TributaryProvider.tsx';

export { AppCatalog } from './app-catalog/AppCatalog.tsx';
export type { AppCatalogPart, AppCatalogProps } from './app-catalog/AppCatalog.tsx';
export type {
  AppCatalogClassNames,
  AppCatalogFiltersProps,
  AppCatalogItemProps,
  AppCatalogListProps,
  AppCatalogRootProps,
  AppCatalogSearchProps,
} from './app-catalog/AppCatalog.tsx';
export { useAppCatalog } from './app-catalog/useAppCatalog.ts';
export type {
  AppCatalogDialogProps,
  AppCatalogItem,
  AppCatalogStatus,
  UseAppCatalogOptions,
  UseAppCatalogResult,
} from './app-catalog/useAppCatalog.ts';
export { ConnectDialog } from './connect-dialog/ConnectDialog.tsx';
export type { ConnectDialogPart, ConnectDialogProps } from './connect-dialog/ConnectDialog.tsx';
export { completeOAuthRedirect } from './oauth/completeOAuthRedirect.ts';
export { OAUTH_MESSAGE_TYPE } from './oauth/oauthMessage.ts';
export type { OAuthMessage } from './oauth/oauthMessage.ts';
export { CollectionPicker } from './collection-picker/CollectionPicker.tsx';
export type { CollectionPickerPart, CollectionPickerProps } from './collection-picker/CollectionPicker.tsx';
export type {
  CollectionPickerDetailsProps,
  CollectionPickerListProps,
  CollectionPickerOptionProps,
  CollectionPickerRootProps,
  CollectionPickerSamplesProps,
} from './collection-picker/CollectionPicker.tsx';
export { useCollectionPicker } from './hooks/useCollectionPicker.ts';
export type {
  CollectionPickerOption,
  CollectionPickerStatus,
  UseCollectionPickerOptions,
  UseCollectionPickerResult,
} from './hooks/useCollectionPicker.ts';
export { useSampleRecords } from './hooks/useSampleRecords.ts';
export type { SampleRecordsSnapshot, SampleRecordsState, SampleRecordsStatus } from './hooks/useSampleRecords.ts';
export { Connections } from './connections/Connections.tsx';
export type {
  ConnectionsItemPartProps,
  ConnectionsItemProps,
  ConnectionsListProps,
  ConnectionsPart,
  ConnectionsProps,
  ConnectionsRootProps,
} from './connections/Connections.tsx';
export { useConnectionsList } from './hooks/useConnectionsList.ts';
export type {
  ConnectionAction,
  ConnectionsListItem,
  ConnectionsListStatus,
  UseConnectionsListResult,
} from './hooks/useConnectionsList.ts';
export { FieldMappingEditor } from './field-mapping-editor/FieldMappingEditor.tsx';
export type {
  FieldMappingEditorPart,
  FieldMappingEditorProps,
  FieldMappingEditorRootProps,
  MappingRowProps,
} from './field-mapping-editor/FieldMappingEditor.tsx';
export { ImportRuns } from './import-runs/ImportRuns.tsx';
export type { ImportRunsPart, ImportRunsProps, ImportRunsRootProps } from './import-runs/ImportRuns.tsx';
export type { ImportRunsListProps } from './import-runs/RunList.tsx';
export type { ImportRunsDetailProps, ImportRunsSectionProps } from './import-runs/RunDetail.tsx';
export { useImportRuns } from './import-runs/useImportRuns.ts';
export type {
  ImportRunsFilter,
  ImportRunsState,
  ImportRunsStatus,
  StartImportState,
  UseImportRunsOptions,
  UseImportRunsResult,
} from './import-runs/useImportRuns.ts';
export { useRunActions } from './import-runs/useRunActions.ts';
export type { RunActionError, RunActionsState } from './import-runs/useRunActions.ts';
export type { RunAction } from './import-runs/runActions.ts';
export { useRunCountdown } from './import-runs/useRunCountdown.ts';
export { useDeadLetters } from './import-runs/useDeadLetters.ts';
export type { DeadLettersState } from './import-runs/useDeadLetters.ts';

export { ImportSetup } from './import-setup/ImportSetup.tsx';
export type {
  ImportSetupNavProps,
  ImportSetupPanelProps,
  ImportSetupPart,
  ImportSetupProps,
  ImportSetupRootProps,
  ImportSetupStep,
  ImportSetupStepsProps,
  ImportSetupValue,
} from './import-setup/ImportSetup.tsx';
export { useImportSetup } from './hooks/useImportSetup.ts';
export type {
  ImportSetupStatus,
  ImportSetupStepInfo,
  UseImportSetupOptions,
  UseImportSetupResult,
} from './hooks/useImportSetup.ts';

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
export { useFieldMappingEditor, useMappingEditorState } from './hooks/useFieldMappingEditor.ts';
export type {
  FieldMappingEditorApi,
  FieldMappingEditorOptions,
  MappingEditorState,
  MappingPreviewState,
  MappingPreviewStatus,
  MappingRowModel,
  MappingSaveStatus,
  MappingSuggestionsState,
} from './hooks/useFieldMappingEditor.ts';
export type { LookupEntry, MappingFormValues, MappingRowKind, MappingRowValue } from './utils/mappingForm.ts';

export type { PartClassNames } from './utils/part.ts';

export { createClient } from './createClient.ts';
export type { ClientOptions } from './createClient.ts';
export { createInProcessTransport } from './inProcessTransport.ts';
export { createHttpTransport } from './httpTransport.ts';
export type { HttpTransportOptions } from './httpTransport.ts';
export { TributaryError, isTributaryError } from '../engine/errors.ts';
export type {
  ClientState,
  ClientStatus,
  Resource,
  ResourceSnapshot,
  ResourceStatus,
  TributaryClient,
  Transport,
} from './client.types.ts';
export type {
  AppSummary,
  CollectionSummary,
  CollectionsListing,
  Connection,
  ConnectionStatus,
  CredentialField,
  Credentials,
  DataModelSummary,
  DataSourceRef,
  DeadLetter,
  ErrorClass,
  FieldExpression,
  FieldMapping,
  FieldMappingState,
  FieldSuggestion,
  FlowRunDetail,
  FlowSummary,
  MappingPreview,
  MappingSuggestions,
  OAuthCallback,
  OAuthStart,
  PreviewRow,
  ResolvedDataSource,
  RunCounters,
  RunKind,
  RunLogEntry,
  RunSnapshot,
  RunStatus,
  SampleRecords,
  SkippedRecord,
  SourceField,
  SuggestionCandidate,
  TargetField,
  TargetSchema,
  TributaryErrorData,
} from '../engine/index.ts';

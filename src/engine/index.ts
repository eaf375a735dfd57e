export { createEngine } from './createEngine.ts';
export type { DefaultMappings, EngineOptions, TargetSchemas } from './createEngine.ts';
export { TributaryError, isTributaryError, toTributaryError } from './errors.ts';
export type { ErrorClass, TributaryErrorData, ValidationIssue } from './errors.ts';
export { validateConnector } from './connectors/validateConnector.ts';
export type {
  ApiKeyAuth,
  AuthScheme,
  AuthType,
  BasicAuth,
  CollectionDefinition,
  ConnectorDefinition,
  Credentials,
  CursorPagination,
  FieldType,
  HasMorePagination,
  ListOperation,
  NextUrlPagination,
  NoPagination,
  OAuth2Auth,
  OffsetPagination,
  PageNumberPagination,
  Pagination,
  PaginationCommon,
  ParamLocation,
  EventSource,
  EventSourceCommon,
  FullScanEventSource,
  GetOperation,
  HmacVerification,
  PollingEventSource,
  RateLimit,
  RequestParam,
  SourceField,
  TokenVerification,
  WebhookEventSource,
  WebhookIntake,
} from './connectors/connector.types.ts';
export type {
  FlowEventOrigin,
  FlowEventType,
  FlowOutcome,
  FlowRunDetail,
  FlowSourceKind,
  FlowState,
  FlowStep,
  FlowStepName,
  FlowStepStatus,
  FlowSummary,
  QueuedEvent,
  RecordVersion,
} from './flows/flow.types.ts';
export { compileMapping } from './mapping/compileMapping.ts';
export { checkMapping, checkMappingAgainst } from './mapping/validateMapping.ts';
export { suggestFields } from './mapping/suggest.ts';
export type { SuggestOptions } from './mapping/suggest.ts';
export type {
  CaseExpression,
  Coercion,
  CompiledMapping,
  Condition,
  ConstantExpression,
  FieldError,
  FieldExpression,
  FieldMapping,
  FirstOfExpression,
  LookupExpression,
  MappingErrorPolicy,
  MappingResult,
  PathExpression,
  Scalar,
  TargetField,
  TargetSchema,
  TemplateExpression,
} from './mapping/mapping.types.ts';
export { dataModels } from './models/dataModels.ts';
export type { DataModel } from './models/dataModels.ts';
export { createMemoryStore } from './store/memoryStore.ts';
export type { Checkpoint, DeadLetter, OAuthSession, Store, StoredMapping } from './store/store.types.ts';
export type { OAuthClient, OAuthClients } from './oauth/oauth.types.ts';
export { systemClock } from './clock.ts';
export { createSimulatedClock } from './simulatedClock.ts';
export type { SimulatedClock } from './simulatedClock.ts';
export { defaultRetryPolicy } from './http/retry.ts';
export type { RetryPolicy } from './http/retry.ts';
export type { Clock } from './clock.ts';
export type { DeliveredRecord, DeliveryBatch, Destination, Tombstone, UpsertedRecord } from './delivery/delivery.types.ts';
export type {
  AppSummary,
  CollectionSummary,
  CollectionsListing,
  CommandInput,
  CommandName,
  CommandOutput,
  Connection,
  ConnectionStatus,
  CredentialField,
  DataModelSummary,
  DataSourceRef,
  Engine,
  EngineCommands,
  EngineEvent,
  EngineListener,
  FieldMappingState,
  FieldSuggestion,
  MappingPreview,
  MappingSuggestions,
  OAuthCallback,
  OAuthStart,
  PreviewRow,
  ResolvedDataSource,
  RunCounters,
  RunFilter,
  RunKind,
  RunLogEntry,
  RunSnapshot,
  RunStatus,
  SampleRecords,
  SkippedRecord,
  SuggestionCandidate,
  WebhookDelivery,
} from './engine.types.ts';
export { createHttpDestination } from './delivery/httpDestination.ts';
export type { HttpDestinationOptions } from './delivery/httpDestination.ts';
export { generateWebhookSecret, signWebhook, verifyWebhook } from './delivery/webhookSignature.ts';
export type { SignWebhookInput, VerifiedWebhook, VerifyWebhookInput } from './delivery/webhookSignature.ts';

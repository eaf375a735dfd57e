/** `tributary/server`: the hosted engine for a host's Node backend. */
export { createMemoryTenantStores, type TenantStores } from './tenancy.ts';
export { createSqliteStores, type SqliteStoresOptions, type SqliteTenantStores, type SqliteStore } from './sqliteStore.ts';
export { createEngineHost, type EngineHost, type EngineHostOptions } from './engineHost.ts';
export { createRequestHandler, type RequestHandler, type RequestHandlerOptions, type RequestContext } from './handler.ts';
export { toNodeListener, type FetchHandler, type NodeListener } from './node.ts';

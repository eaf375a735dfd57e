import {
  createEngine,
  TributaryError,
  type DefaultMappings,
  type Destination,
  type Engine,
  type EngineOptions,
  type TargetSchemas,
} from '../engine/index.ts';
import type { TenantStores } from './tenancy.ts';

/** One value for every tenant, or a tenant's own, asked for once when its engine starts. */
export type PerTenant<T> = T | ((tenantId: string) => T);

export interface EngineHostOptions extends Omit<EngineOptions, 'store' | 'destination' | 'schemas' | 'defaultMappings'> {
  /** Each tenant's store; an engine only ever sees its own tenant's. */
  stores: TenantStores;
  /** Where a tenant's mapped records go (a function, or `createHttpDestination` per tenant). */
  destination: (tenantId: string) => Destination;
  /** The host's schema per data model key, for every tenant or per tenant. @default the built-in data models' */
  schemas?: PerTenant<TargetSchemas | undefined>;
  /** The host's default mappings (per app id, then data model or collection key), for every tenant or per tenant. @default the apps' own */
  defaultMappings?: PerTenant<DefaultMappings | undefined>;
}

function forTenant<T>(value: PerTenant<T> | undefined, tenantId: string): T | undefined {
  return typeof value === 'function' ? (value as (tenantId: string) => T)(tenantId) : value;
}

/** One engine per tenant, created on first use, over that tenant's store. */
export interface EngineHost {
  readonly stores: TenantStores;
  /** The tenant's engine; the same one on every call. */
  engineFor(tenantId: string): Engine;
  /**
   * Starts the engine of every tenant that holds data, so runs a crash or
   * restart cut off resume without waiting for the tenant's next request.
   */
  resumeAll(): Promise<void>;
  /** Cancels running work and stops timers in every engine; the stores stay open (the host owns them). */
  dispose(): Promise<void>;
}

export function createEngineHost({ stores, destination, schemas, defaultMappings, ...engineOptions }: EngineHostOptions): EngineHost {
  const engines = new Map<string, Engine>();
  let disposed = false;

  function engineFor(tenantId: string): Engine {
    let engine = engines.get(tenantId);
    if (!engine) {
      // A disposed host starting new engines would leave work no one stops.
      if (disposed) throw new TributaryError({ code: 'host.disposed', class: 'internal', message: 'The engine host was disposed.' });
      const tenantSchemas = forTenant(schemas, tenantId);
      const tenantDefaults = forTenant(defaultMappings, tenantId);
      engine = createEngine({
        ...engineOptions,
        ...(tenantSchemas ? { schemas: tenantSchemas } : {}),
        ...(tenantDefaults ? { defaultMappings: tenantDefaults } : {}),
        store: stores.forTenant(tenantId),
        destination: destination(tenantId),
      });
      engines.set(tenantId, engine);
    }
    return engine;
  }

  return {
    stores,
    engineFor,
    async resumeAll() {
      const tenants = await stores.listTenants();
      // listRuns waits until the engine has picked its interrupted runs back up.
      await Promise.all(tenants.map((tenantId) => engineFor(tenantId).listRuns({})));
    },
    async dispose() {
      disposed = true;
      await Promise.all([...engines.values()].map((engine) => engine.dispose()));
    },
  };
}

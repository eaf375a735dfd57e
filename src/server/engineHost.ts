import { createEngine, TributaryError, type Destination, type Engine, type EngineOptions } from '../engine/index.ts';
import type { TenantStores } from './tenancy.ts';

export interface EngineHostOptions extends Omit<EngineOptions, 'store' | 'destination'> {
  /** Each tenant's store; an engine only ever sees its own tenant's. */
  stores: TenantStores;
  /** Where a tenant's mapped records go (a function, or `createHttpDestination` per tenant). */
  destination: (tenantId: string) => Destination;
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

export function createEngineHost({ stores, destination, ...engineOptions }: EngineHostOptions): EngineHost {
  const engines = new Map<string, Engine>();
  let disposed = false;

  function engineFor(tenantId: string): Engine {
    let engine = engines.get(tenantId);
    if (!engine) {
      // A disposed host starting new engines would leave work no one stops.
      if (disposed) throw new TributaryError({ code: 'host.disposed', class: 'internal', message: 'The engine host was disposed.' });
      engine = createEngine({ ...engineOptions, store: stores.forTenant(tenantId), destination: destination(tenantId) });
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

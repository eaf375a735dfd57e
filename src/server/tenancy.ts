import { createMemoryStore, type Store } from '../engine/index.ts';

/**
 * Where a hosted engine keeps each tenant's data. Every connection, mapping,
 * run and checkpoint belongs to exactly one tenant: `forTenant(a)` never
 * reads or writes what `forTenant(b)` holds, whatever ids a caller guesses.
 */
export interface TenantStores {
  /** The store of one tenant (created on first use). */
  forTenant(tenantId: string): Store;
  /** Tenants that hold anything, so a restarted server can resume their interrupted runs. */
  listTenants(): Promise<string[]>;
  /** The tenant a connection belongs to: how an app's webhook, which carries no session, finds its tenant. */
  tenantOfConnection(connectionId: string): Promise<string | undefined>;
  /** Releases files and handles. */
  close?(): void;
}

/** Tenant stores in memory: for tests, demos and a server that may forget on restart. */
export function createMemoryTenantStores(): TenantStores {
  const stores = new Map<string, Store>();
  return {
    forTenant(tenantId) {
      let store = stores.get(tenantId);
      if (!store) stores.set(tenantId, (store = createMemoryStore()));
      return store;
    },
    async listTenants() {
      return [...stores.keys()];
    },
    async tenantOfConnection(connectionId) {
      for (const [tenantId, store] of stores) if (await store.getConnection(connectionId)) return tenantId;
      return undefined;
    },
  };
}

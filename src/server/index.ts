/** `tributary/server`: the hosted engine for a host's Node backend. */
export { createMemoryTenantStores, type TenantStores } from './tenancy.ts';

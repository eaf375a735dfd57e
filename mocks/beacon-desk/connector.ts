import type { ConnectorDefinition, Pagination } from '../../src/engine/index.ts';
import { BEACON_DESK_BASE_URL, BEACON_DESK_RATE_LIMIT } from './data.ts';

const pages: Pagination = {
  type: 'page-number',
  pageParam: { in: 'query', name: 'page' },
  limit: { param: 'per_page', value: 100 },
  totalPath: 'count',
};

/** Tributary's connector for the mocked Beacon Desk: 1-based pages with a reported total, 20 requests a second. */
export const beaconDeskConnector: ConnectorDefinition = {
  id: 'beacon-desk',
  name: 'Beacon Desk',
  description: 'Customer support help desk: requesters, agents and organizations.',
  categories: ['support'],
  color: '#03363d',
  baseUrl: BEACON_DESK_BASE_URL,
  auth: {
    type: 'basic',
    usernameLabel: 'Email address followed by /token',
    passwordLabel: 'API token',
    helpText: 'Create an API token in Beacon Desk under Admin Center → Apps and integrations → API tokens.',
  },
  test: { path: '/users/me.json' },
  errorMessagePath: 'error',
  rateLimit: { requests: BEACON_DESK_RATE_LIMIT.requests, perMs: BEACON_DESK_RATE_LIMIT.perMs },
  collections: {
    users: {
      name: 'Users',
      description: 'End users, agents and admins of the help desk.',
      dataModel: 'users',
      fields: [
        { path: 'id', label: 'User ID', type: 'number' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'email', label: 'Email', type: 'string' },
        { path: 'role', label: 'Role', type: 'string' },
        { path: 'time_zone', label: 'Time zone', type: 'string' },
        { path: 'created_at', label: 'Created', type: 'date' },
        { path: 'updated_at', label: 'Updated', type: 'date' },
      ],
      list: { path: '/users.json', recordsPath: 'users', idPath: 'id', updatedAtPath: 'updated_at', pagination: pages },
      defaultMapping: { fields: { id: { path: 'id' }, name: { path: 'name' }, email: { path: 'email' }, createdAt: { path: 'created_at' } } },
    },
    organizations: {
      name: 'Organizations',
      description: 'The companies your requesters belong to.',
      dataModel: 'companies',
      fields: [
        { path: 'id', label: 'Organization ID', type: 'number' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'domain_names[0]', label: 'Domain', type: 'string' },
        { path: 'details', label: 'Details', type: 'string' },
        { path: 'updated_at', label: 'Updated', type: 'date' },
      ],
      list: { path: '/organizations.json', recordsPath: 'organizations', idPath: 'id', updatedAtPath: 'updated_at', pagination: pages },
      defaultMapping: { fields: { id: { path: 'id' }, name: { path: 'name' }, domain: { path: 'domain_names[0]' } } },
    },
  },
};

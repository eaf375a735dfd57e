import type { ConnectorDefinition, Pagination } from '../../src/engine/index.ts';
import { PIPEWELL_BASE_URL } from './data.ts';

const offsets: Pagination = {
  type: 'offset',
  offsetParam: { in: 'query', name: 'start' },
  limit: { param: 'limit', value: 100 },
  hasMorePath: 'additional_data.pagination.more_items_in_collection',
};

/** Tributary's connector for the mocked Pipewell CRM: `start`/`limit` offsets and a more-items flag. */
export const pipewellCrmConnector: ConnectorDefinition = {
  id: 'pipewell-crm',
  name: 'Pipewell CRM',
  description: 'Pipeline CRM for small sales teams: people, organizations and deals.',
  categories: ['crm'],
  color: '#1a8f3c',
  baseUrl: PIPEWELL_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'query',
    name: 'api_token',
    label: 'API token',
    helpText: 'Find it in Pipewell under Personal preferences → API.',
  },
  test: { path: '/users/me' },
  errorMessagePath: 'error',
  collections: {
    persons: {
      name: 'People',
      description: 'Contact persons in Pipewell.',
      dataModel: 'contacts',
      fields: [
        { path: 'id', label: 'Person ID', type: 'number' },
        { path: 'first_name', label: 'First name', type: 'string' },
        { path: 'last_name', label: 'Last name', type: 'string' },
        { path: 'email[0].value', label: 'Primary email', type: 'string' },
        { path: 'phone[0].value', label: 'Primary phone', type: 'string' },
        { path: 'org_name', label: 'Organization', type: 'string' },
        { path: 'update_time', label: 'Updated', type: 'date' },
      ],
      list: { path: '/persons', recordsPath: 'data', idPath: 'id', updatedAtPath: 'update_time', pagination: offsets },
      get: { path: '/persons/{id}', recordPath: 'data' },
      // Pipewell pushes nothing: the engine asks for persons changed since its last poll.
      events: { type: 'polling', since: { param: 'updated_since', format: 'iso' } },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          firstName: { path: 'first_name' },
          lastName: { path: 'last_name' },
          email: { path: 'email[0].value' },
          phone: { path: 'phone[0].value' },
          company: { path: 'org_name' },
        },
      },
    },
    organizations: {
      name: 'Organizations',
      description: 'Companies your team sells to.',
      dataModel: 'companies',
      fields: [
        { path: 'id', label: 'Organization ID', type: 'number' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'website', label: 'Website', type: 'string' },
        { path: 'people_count', label: 'People', type: 'number' },
        { path: 'address', label: 'Address', type: 'string' },
        { path: 'update_time', label: 'Updated', type: 'date' },
      ],
      list: { path: '/organizations', recordsPath: 'data', idPath: 'id', updatedAtPath: 'update_time', pagination: offsets },
      defaultMapping: { fields: { id: { path: 'id' }, name: { path: 'name' }, domain: { path: 'website' }, employees: { path: 'people_count' } } },
    },
  },
};

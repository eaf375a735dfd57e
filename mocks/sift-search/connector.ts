import type { ConnectorDefinition } from '../../src/engine/index.ts';
import { SIFT_BASE_URL } from './data.ts';

/** Tributary's connector for the mocked Sift Search: pages numbered from 0, with the total in `nbHits`. */
export const siftSearchConnector: ConnectorDefinition = {
  id: 'sift-search',
  name: 'Sift Search',
  description: 'Hosted search: import the records of your search indices.',
  categories: ['search'],
  color: '#5468ff',
  baseUrl: SIFT_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'header',
    name: 'X-Sift-API-Key',
    label: 'Search API key',
    helpText: 'Find it in the Sift dashboard under Settings → API keys.',
  },
  test: { path: '/indexes' },
  errorMessagePath: 'message',
  collections: {
    companies: {
      name: 'Companies index',
      description: 'Records of the companies index.',
      dataModel: 'companies',
      fields: [
        { path: 'objectID', label: 'Object ID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'domain', label: 'Domain', type: 'string' },
        { path: 'employees', label: 'Employees', type: 'number' },
        { path: 'industry', label: 'Industry', type: 'string' },
        { path: 'city', label: 'City', type: 'string' },
        { path: 'updated_at', label: 'Updated (Unix time)', type: 'number' },
      ],
      list: {
        path: '/indexes/companies',
        query: { query: '' },
        recordsPath: 'hits',
        idPath: 'objectID',
        updatedAtPath: 'updated_at',
        pagination: { type: 'page-number', firstPage: 0, pageParam: { in: 'query', name: 'page' }, limit: { param: 'hitsPerPage', value: 50 }, totalPath: 'nbHits' },
      },
      defaultMapping: { fields: { id: { path: 'objectID' }, name: { path: 'name' }, domain: { path: 'domain' }, employees: { path: 'employees' } } },
    },
  },
};

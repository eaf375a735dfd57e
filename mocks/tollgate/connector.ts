import type { ConnectorDefinition, Pagination } from '../../src/engine/index.ts';
import { TOLLGATE_BASE_URL } from './data.ts';

const hasMore: Pagination = {
  type: 'has-more',
  hasMorePath: 'has_more',
  startingAfterParam: { in: 'query', name: 'starting_after' },
  limit: { param: 'limit', value: 100 },
};

/** Tributary's connector for the mocked Tollgate: a has-more flag and the last id as `starting_after`. */
export const tollgateConnector: ConnectorDefinition = {
  id: 'tollgate',
  name: 'Tollgate',
  description: 'Online payments: customers, subscriptions, invoices and files.',
  categories: ['payments'],
  color: '#635bff',
  baseUrl: TOLLGATE_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'header',
    name: 'Authorization',
    prefix: 'Bearer ',
    label: 'Secret key',
    helpText: 'Find it in the Tollgate dashboard under Developers → API keys; a restricted read-only key is enough.',
  },
  test: { path: '/balance' },
  errorMessagePath: 'error.message',
  collections: {
    customers: {
      name: 'Customers',
      description: 'The people and businesses you charge.',
      dataModel: 'contacts',
      fields: [
        { path: 'id', label: 'Customer ID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'email', label: 'Email', type: 'string' },
        { path: 'phone', label: 'Phone', type: 'string' },
        { path: 'metadata.first_name', label: 'First name (metadata)', type: 'string' },
        { path: 'metadata.last_name', label: 'Last name (metadata)', type: 'string' },
        { path: 'metadata.company', label: 'Company (metadata)', type: 'string' },
        { path: 'address.city', label: 'City', type: 'string' },
        { path: 'created', label: 'Created (Unix time)', type: 'number' },
      ],
      list: { path: '/customers', recordsPath: 'data', idPath: 'id', pagination: hasMore },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          firstName: { path: 'metadata.first_name' },
          lastName: { path: 'metadata.last_name' },
          email: { path: 'email' },
          phone: { path: 'phone' },
          company: { path: 'metadata.company' },
        },
      },
    },
    files: {
      name: 'Files',
      description: 'Files uploaded to Tollgate: dispute evidence, identity documents, logos.',
      dataModel: 'files',
      fields: [
        { path: 'id', label: 'File ID', type: 'string' },
        { path: 'filename', label: 'File name', type: 'string' },
        { path: 'type', label: 'Type', type: 'string' },
        { path: 'purpose', label: 'Purpose', type: 'string' },
        { path: 'size', label: 'Size', type: 'number' },
        { path: 'url', label: 'URL', type: 'string' },
        { path: 'created', label: 'Created (Unix time)', type: 'number' },
      ],
      list: { path: '/files', recordsPath: 'data', idPath: 'id', pagination: hasMore },
      defaultMapping: { fields: { id: { path: 'id' }, name: { path: 'filename' }, size: { path: 'size' }, url: { path: 'url' }, modifiedAt: { path: 'created' } } },
    },
  },
};

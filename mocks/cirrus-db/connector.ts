import type { ConnectorDefinition, Pagination } from '../../src/engine/index.ts';
import { CIRRUS_AUTH_PREFIX, CIRRUS_BASE_URL } from './data.ts';

const continuation: Pagination = {
  type: 'cursor',
  cursorHeader: 'x-ms-continuation',
  param: { in: 'header', name: 'x-ms-continuation' },
  limit: { param: 'x-ms-max-item-count', value: 50, in: 'header' },
};

/** Tributary's connector for the mocked Cirrus DB: the continuation token is a response header. */
export const cirrusDbConnector: ConnectorDefinition = {
  id: 'cirrus-db',
  name: 'Cirrus DB',
  description: 'Serverless document database: read documents from your containers.',
  categories: ['database'],
  color: '#0078d4',
  baseUrl: CIRRUS_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'header',
    name: 'Authorization',
    prefix: CIRRUS_AUTH_PREFIX,
    label: 'Resource token',
    helpText: 'Issue a read-only resource token for the crm database in the Cirrus portal under Keys.',
  },
  test: { path: '/dbs' },
  errorMessagePath: 'message',
  collections: {
    contacts: {
      name: 'Contacts container',
      description: 'Documents of the crm/contacts container.',
      dataModel: 'contacts',
      fields: [
        { path: 'id', label: 'Document ID', type: 'string' },
        { path: 'firstName', label: 'First name', type: 'string' },
        { path: 'lastName', label: 'Last name', type: 'string' },
        { path: 'email', label: 'Email', type: 'string' },
        { path: 'phone', label: 'Phone', type: 'string' },
        { path: 'company', label: 'Company', type: 'string' },
        { path: '_ts', label: 'Last modified (Unix time)', type: 'number' },
      ],
      list: { path: '/dbs/crm/colls/contacts/docs', recordsPath: 'Documents', idPath: 'id', updatedAtPath: '_ts', pagination: continuation },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          firstName: { path: 'firstName' },
          lastName: { path: 'lastName' },
          email: { path: 'email' },
          phone: { path: 'phone' },
          company: { path: 'company' },
        },
      },
    },
    accounts: {
      name: 'Accounts container',
      description: 'Documents of the crm/accounts container.',
      dataModel: 'companies',
      fields: [
        { path: 'id', label: 'Document ID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'domain', label: 'Domain', type: 'string' },
        { path: 'employees', label: 'Employees', type: 'number' },
        { path: 'industry', label: 'Industry', type: 'string' },
      ],
      list: { path: '/dbs/crm/colls/accounts/docs', recordsPath: 'Documents', idPath: 'id', updatedAtPath: '_ts', pagination: continuation },
      defaultMapping: { fields: { id: { path: 'id' }, name: { path: 'name' }, domain: { path: 'domain' }, employees: { path: 'employees' } } },
    },
  },
};

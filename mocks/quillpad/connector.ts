import type { ConnectorDefinition } from '../../src/engine/index.ts';
import { QUILLPAD_BASE_URL, QUILLPAD_DATABASE_ID } from './data.ts';

/** Tributary's connector for the mocked Quillpad: cursors in the query of a GET and in the body of a POST search. */
export const quillpadConnector: ConnectorDefinition = {
  id: 'quillpad',
  name: 'Quillpad',
  description: 'Notes, wikis and databases for the whole team.',
  categories: ['productivity'],
  color: '#37352f',
  baseUrl: QUILLPAD_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'header',
    name: 'Authorization',
    prefix: 'Bearer ',
    label: 'Integration secret',
    helpText: 'Create an internal integration in Quillpad under Settings → Connections, then share the Accounts database with it.',
  },
  test: { path: '/users/me' },
  errorMessagePath: 'message',
  collections: {
    users: {
      name: 'People',
      description: 'Members and guests of the Quillpad workspace.',
      dataModel: 'users',
      fields: [
        { path: 'id', label: 'User ID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'person.email', label: 'Email', type: 'string' },
      ],
      list: {
        path: '/users',
        recordsPath: 'results',
        idPath: 'id',
        pagination: { type: 'cursor', cursorPath: 'next_cursor', param: { in: 'query', name: 'start_cursor' }, limit: { param: 'page_size', value: 25 }, hasMorePath: 'has_more' },
      },
      defaultMapping: { fields: { id: { path: 'id' }, name: { path: 'name' }, email: { path: 'person.email' } } },
    },
    accounts: {
      name: 'Accounts database',
      description: 'Pages of the Accounts database: one per customer company.',
      dataModel: 'companies',
      fields: [
        { path: 'id', label: 'Page ID', type: 'string' },
        { path: 'properties.Name.title[0].plain_text', label: 'Name', type: 'string' },
        { path: 'properties.Domain.url', label: 'Domain', type: 'string' },
        { path: 'properties.Employees.number', label: 'Employees', type: 'number' },
        { path: 'properties.Industry.select.name', label: 'Industry', type: 'string' },
        { path: 'url', label: 'Page URL', type: 'string' },
        { path: 'last_edited_time', label: 'Last edited', type: 'date' },
      ],
      list: {
        method: 'POST',
        path: `/databases/${QUILLPAD_DATABASE_ID}/query`,
        body: { sorts: [{ timestamp: 'created_time', direction: 'ascending' }] },
        recordsPath: 'results',
        idPath: 'id',
        updatedAtPath: 'last_edited_time',
        pagination: {
          type: 'cursor',
          cursorPath: 'next_cursor',
          param: { in: 'body', name: 'start_cursor' },
          limit: { param: 'page_size', value: 50, in: 'body' },
          hasMorePath: 'has_more',
        },
      },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          name: { path: 'properties.Name.title[0].plain_text' },
          domain: { path: 'properties.Domain.url' },
          employees: { path: 'properties.Employees.number' },
        },
      },
    },
  },
};

import type { ConnectorDefinition } from '../../src/engine/index.ts';
import { TASKWISE_BASE_URL, TASKWISE_PROJECT_GID, TASKWISE_WORKSPACE_GID } from './data.ts';

const nextPage = { type: 'next-url', nextUrlPath: 'next_page.uri', limit: { param: 'limit', value: 50 } } as const;

/** Tributary's connector for the mocked Taskwise: next pages as absolute URLs in the body. */
export const taskwiseConnector: ConnectorDefinition = {
  id: 'taskwise',
  name: 'Taskwise',
  description: 'Work management: projects, tasks and the people doing them.',
  categories: ['productivity'],
  color: '#f06a6a',
  baseUrl: TASKWISE_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'header',
    name: 'Authorization',
    prefix: 'Bearer ',
    label: 'Personal access token',
    helpText: 'Create one in Taskwise under My settings → Apps → Developer apps.',
  },
  test: { path: '/users/me' },
  errorMessagePath: 'errors[0].message',
  collections: {
    users: {
      name: 'Users',
      description: 'Members of the Taskwise workspace.',
      dataModel: 'users',
      fields: [
        { path: 'gid', label: 'User GID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'email', label: 'Email', type: 'string' },
      ],
      list: { path: '/users', query: { workspace: TASKWISE_WORKSPACE_GID, opt_fields: 'name,email,photo' }, recordsPath: 'data', idPath: 'gid', pagination: nextPage },
      defaultMapping: { fields: { id: { path: 'gid' }, name: { path: 'name' }, email: { path: 'email' } } },
    },
    attachments: {
      name: 'Attachments',
      description: 'Files attached to the Northwind project.',
      dataModel: 'files',
      fields: [
        { path: 'gid', label: 'Attachment GID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'size', label: 'Size', type: 'number' },
        { path: 'download_url', label: 'Download URL', type: 'string' },
        { path: 'permanent_url', label: 'Permanent URL', type: 'string' },
        { path: 'created_at', label: 'Created', type: 'date' },
      ],
      list: {
        path: '/attachments',
        query: { parent: TASKWISE_PROJECT_GID, opt_fields: 'name,size,created_at,download_url,permanent_url' },
        recordsPath: 'data',
        idPath: 'gid',
        updatedAtPath: 'created_at',
        pagination: nextPage,
      },
      defaultMapping: {
        fields: {
          id: { path: 'gid' },
          name: { path: 'name' },
          size: { path: 'size' },
          url: { path: 'permanent_url' },
          modifiedAt: { path: 'created_at' },
        },
      },
    },
  },
};

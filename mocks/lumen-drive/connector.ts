import type { ConnectorDefinition } from '../../src/engine/index.ts';
import { LUMEN_DRIVE_API_URL, LUMEN_DRIVE_AUTH_URL, LUMEN_DRIVE_SCOPES } from './data.ts';

/** Tributary's connector for the mocked Lumen Drive: OAuth 2 sign-in, numbered file pages, folder pages by next URL. */
export const lumenDriveConnector: ConnectorDefinition = {
  id: 'lumen-drive',
  name: 'Lumen Drive',
  description: 'Cloud file storage: files and folders.',
  categories: ['files'],
  color: '#0f9d8a',
  baseUrl: LUMEN_DRIVE_API_URL,
  auth: {
    type: 'oauth2',
    authorizeUrl: `${LUMEN_DRIVE_AUTH_URL}/authorize`,
    tokenUrl: `${LUMEN_DRIVE_AUTH_URL}/token`,
    scopes: [...LUMEN_DRIVE_SCOPES],
    helpText: 'Sign in with your Lumen Drive account and allow read access to your files and folders.',
  },
  test: { path: '/me' },
  errorMessagePath: 'error.message',
  collections: {
    files: {
      name: 'Files',
      description: 'Every file in the drive, across folders.',
      dataModel: 'files',
      fields: [
        { path: 'id', label: 'File ID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'mime_type', label: 'MIME type', type: 'string' },
        { path: 'size_bytes', label: 'Size (bytes)', type: 'number' },
        { path: 'folder_id', label: 'Folder ID', type: 'string' },
        { path: 'owner.display_name', label: 'Owner', type: 'string' },
        { path: 'owner.email', label: 'Owner email', type: 'string' },
        { path: 'created_time', label: 'Created', type: 'date' },
        { path: 'modified_time', label: 'Modified', type: 'date' },
        { path: 'web_url', label: 'Link', type: 'string' },
        { path: 'starred', label: 'Starred', type: 'boolean' },
      ],
      list: {
        path: '/files',
        recordsPath: 'files',
        idPath: 'id',
        updatedAtPath: 'modified_time',
        pagination: { type: 'page-number', pageParam: { in: 'query', name: 'page' }, limit: { param: 'page_size', value: 15 }, totalPath: 'total_count' },
      },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          name: { path: 'name' },
          mimeType: { path: 'mime_type' },
          size: { path: 'size_bytes' },
          url: { path: 'web_url' },
          modifiedAt: { path: 'modified_time' },
        },
      },
    },
    folders: {
      name: 'Folders',
      description: 'The drive’s folders, with their paths.',
      fields: [
        { path: 'id', label: 'Folder ID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'path', label: 'Path', type: 'string' },
        { path: 'parent_id', label: 'Parent folder ID', type: 'string' },
        { path: 'created_time', label: 'Created', type: 'date' },
      ],
      list: {
        path: '/folders',
        recordsPath: 'folders',
        idPath: 'id',
        pagination: { type: 'next-url', nextUrlPath: 'next', limit: { param: 'limit', value: 4 } },
      },
    },
  },
};

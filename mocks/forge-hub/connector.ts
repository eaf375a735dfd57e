import type { ConnectorDefinition } from '../../src/engine/index.ts';
import { FORGE_HUB_BASE_URL, FORGE_HUB_ORG, FORGE_HUB_RATE_LIMIT, FORGE_HUB_RELEASE } from './data.ts';

/** Tributary's connector for the mocked Forge Hub: the next page comes in the `Link` header. */
export const forgeHubConnector: ConnectorDefinition = {
  id: 'forge-hub',
  name: 'Forge Hub',
  description: 'Code hosting: organizations, repositories and releases.',
  categories: ['developer-tools'],
  color: '#24292f',
  baseUrl: FORGE_HUB_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'header',
    name: 'Authorization',
    prefix: 'Bearer ',
    label: 'Personal access token',
    helpText: 'Create a fine-grained token in Forge Hub under Settings → Developer settings, with read access to members.',
  },
  test: { path: '/user' },
  errorMessagePath: 'message',
  rateLimit: { requests: FORGE_HUB_RATE_LIMIT.requests, perMs: FORGE_HUB_RATE_LIMIT.perMs },
  collections: {
    members: {
      name: 'Organization members',
      description: `Members of the ${FORGE_HUB_ORG} organization.`,
      dataModel: 'users',
      fields: [
        { path: 'id', label: 'User ID', type: 'number' },
        { path: 'login', label: 'Login', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'email', label: 'Public email', type: 'string' },
        { path: 'html_url', label: 'Profile', type: 'string' },
        { path: 'site_admin', label: 'Site admin', type: 'boolean' },
      ],
      list: {
        path: `/orgs/${FORGE_HUB_ORG}/members`,
        recordsPath: '',
        idPath: 'id',
        pagination: { type: 'next-url', linkHeader: true, limit: { param: 'per_page', value: 50 } },
      },
      defaultMapping: { fields: { id: { path: 'id' }, name: { path: 'name' }, email: { path: 'email' } } },
    },
    assets: {
      name: 'Release assets',
      description: 'Files attached to the desktop app’s latest release.',
      dataModel: 'files',
      fields: [
        { path: 'id', label: 'Asset ID', type: 'number' },
        { path: 'name', label: 'File name', type: 'string' },
        { path: 'content_type', label: 'Content type', type: 'string' },
        { path: 'size', label: 'Size', type: 'number' },
        { path: 'download_count', label: 'Downloads', type: 'number' },
        { path: 'browser_download_url', label: 'Download URL', type: 'string' },
        { path: 'updated_at', label: 'Updated', type: 'date' },
      ],
      list: {
        path: `${FORGE_HUB_RELEASE}/assets`,
        recordsPath: '',
        idPath: 'id',
        updatedAtPath: 'updated_at',
        pagination: { type: 'next-url', linkHeader: true, limit: { param: 'per_page', value: 30 } },
      },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          name: { path: 'name' },
          mimeType: { path: 'content_type' },
          size: { path: 'size' },
          url: { path: 'browser_download_url' },
          modifiedAt: { path: 'updated_at' },
        },
      },
    },
  },
};

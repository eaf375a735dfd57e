import type { ConnectorDefinition } from '../../src/engine/index.ts';
import { RELAY_CRM_BASE_URL } from './data.ts';

/** Tributary's connector for the mocked Relay CRM. */
export const relayCrmConnector: ConnectorDefinition = {
  id: 'relay-crm',
  name: 'Relay CRM',
  description: 'Sales CRM: users, contacts and deals for growing sales teams.',
  categories: ['crm'],
  color: '#6d4aff',
  baseUrl: RELAY_CRM_BASE_URL,
  auth: {
    type: 'api-key',
    in: 'header',
    name: 'Authorization',
    prefix: 'Bearer ',
    label: 'API key',
    helpText: 'Find it in Relay CRM under Settings → Developers → API keys.',
  },
  test: { path: '/me' },
  errorMessagePath: 'error.message',
  // Relay CRM signs `{timestamp}.{body}` with the secret the user pastes into its webhook settings (see webhooks.ts).
  webhooks: {
    verify: { type: 'hmac-sha256', header: 'X-Relay-Signature', encoding: 'hex', prefix: 'v1=', timestamp: { header: 'X-Relay-Timestamp', format: 'epoch-seconds' } },
    secret: { from: 'generated' },
  },
  collections: {
    users: {
      name: 'Users',
      description: 'Members of the Relay CRM workspace.',
      dataModel: 'users',
      fields: [
        { path: 'id', label: 'User ID', type: 'string' },
        { path: 'first_name', label: 'First name', type: 'string' },
        { path: 'last_name', label: 'Last name', type: 'string' },
        { path: 'email', label: 'Email', type: 'string' },
        { path: 'job_title', label: 'Job title', type: 'string' },
        { path: 'address.city', label: 'City', type: 'string' },
        { path: 'address.country', label: 'Country', type: 'string' },
        { path: 'created_at', label: 'Created', type: 'date' },
        { path: 'updated_at', label: 'Updated', type: 'date' },
      ],
      list: {
        path: '/users',
        recordsPath: 'data',
        idPath: 'id',
        updatedAtPath: 'updated_at',
        pagination: { type: 'cursor', cursorPath: 'next_cursor', param: { in: 'query', name: 'cursor' }, limit: { param: 'limit', value: 50 } },
      },
      get: { path: '/users/{id}', recordPath: 'data' },
      events: {
        type: 'webhook',
        eventsPath: '',
        typePath: 'subscriptionType',
        types: { 'user.creation': 'record-created', 'user.propertyChange': 'record-updated', 'user.deletion': 'record-deleted' },
        recordIdPath: 'objectId',
        versionPath: 'occurredAt',
        eventIdPath: 'eventId',
      },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          name: { template: '{{first_name}} {{last_name}}' },
          email: { path: 'email' },
          title: { path: 'job_title' },
          createdAt: { path: 'created_at' },
        },
      },
    },
    contacts: {
      name: 'Contacts',
      description: 'People your team sells to.',
      dataModel: 'contacts',
      fields: [
        { path: 'id', label: 'Contact ID', type: 'string' },
        { path: 'first_name', label: 'First name', type: 'string' },
        { path: 'last_name', label: 'Last name', type: 'string' },
        { path: 'email', label: 'Email', type: 'string' },
        { path: 'phone', label: 'Phone', type: 'string' },
        { path: 'company.name', label: 'Company', type: 'string' },
        { path: 'updated_at', label: 'Updated', type: 'date' },
      ],
      list: {
        path: '/contacts',
        recordsPath: 'data',
        idPath: 'id',
        updatedAtPath: 'updated_at',
        pagination: { type: 'cursor', cursorPath: 'next_cursor', param: { in: 'query', name: 'cursor' }, limit: { param: 'limit', value: 50 } },
      },
      get: { path: '/contacts/{id}', recordPath: 'data' },
      events: {
        type: 'webhook',
        eventsPath: '',
        typePath: 'subscriptionType',
        types: { 'contact.creation': 'record-created', 'contact.propertyChange': 'record-updated', 'contact.deletion': 'record-deleted' },
        recordIdPath: 'objectId',
        versionPath: 'occurredAt',
        eventIdPath: 'eventId',
      },
      defaultMapping: {
        fields: {
          id: { path: 'id' },
          firstName: { path: 'first_name' },
          lastName: { path: 'last_name' },
          email: { path: 'email' },
          phone: { path: 'phone' },
          company: { path: 'company.name' },
        },
      },
    },
  },
};

import type { TargetSchema } from '../mapping/mapping.types.ts';

/** A universal record shape. A data source naming one resolves to the matching collection in each app. */
export interface DataModel {
  key: string;
  name: string;
  /** The default target schema; a host may replace it with its own. */
  schema: TargetSchema;
}

export const dataModels: readonly DataModel[] = [
  {
    key: 'users',
    name: 'Users',
    schema: {
      fields: [
        { key: 'id', label: 'ID', type: 'string', required: true, description: 'The user id in the source app' },
        { key: 'name', label: 'Full name', type: 'string', required: true },
        { key: 'email', label: 'Email', type: 'string', required: true },
        { key: 'title', label: 'Job title', type: 'string' },
        { key: 'createdAt', label: 'Created at', type: 'date' },
      ],
    },
  },
  {
    key: 'contacts',
    name: 'Contacts',
    schema: {
      fields: [
        { key: 'id', label: 'ID', type: 'string', required: true },
        { key: 'firstName', label: 'First name', type: 'string' },
        { key: 'lastName', label: 'Last name', type: 'string' },
        { key: 'email', label: 'Email', type: 'string' },
        { key: 'phone', label: 'Phone', type: 'string' },
        { key: 'company', label: 'Company', type: 'string' },
      ],
    },
  },
  {
    key: 'companies',
    name: 'Companies',
    schema: {
      fields: [
        { key: 'id', label: 'ID', type: 'string', required: true },
        { key: 'name', label: 'Name', type: 'string', required: true },
        { key: 'domain', label: 'Domain', type: 'string' },
        { key: 'employees', label: 'Employees', type: 'number' },
      ],
    },
  },
  {
    key: 'files',
    name: 'Files',
    schema: {
      fields: [
        { key: 'id', label: 'ID', type: 'string', required: true },
        { key: 'name', label: 'Name', type: 'string', required: true },
        { key: 'mimeType', label: 'MIME type', type: 'string' },
        { key: 'size', label: 'Size (bytes)', type: 'number' },
        { key: 'url', label: 'URL', type: 'string' },
        { key: 'modifiedAt', label: 'Modified at', type: 'date' },
      ],
    },
  },
];

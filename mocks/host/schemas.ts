import type { TargetSchema } from '../../src/engine/index.ts';

/** The host's schema for users: what its own users table holds. */
export const hostSchemas: Record<string, TargetSchema> = {
  users: {
    fields: [
      { key: 'id', label: 'External ID', type: 'string', required: true },
      { key: 'name', label: 'Full name', type: 'string', required: true },
      { key: 'email', label: 'Email', type: 'string', required: true },
      { key: 'title', label: 'Job title', type: 'string' },
      { key: 'createdAt', label: 'Member since', type: 'date' },
    ],
  },
};

import type { ConnectorDefinition } from '../../src/engine/index.ts';
import { HARBOR_HR_BASE_URL } from './data.ts';

/** Tributary's connector for the mocked Harbor HR. */
export const harborHrConnector: ConnectorDefinition = {
  id: 'harbor-hr',
  name: 'Harbor HR',
  description: 'HR system of record: employees, departments and time off.',
  categories: ['hr'],
  color: '#0f8a6c',
  baseUrl: HARBOR_HR_BASE_URL,
  auth: {
    type: 'basic',
    usernameLabel: 'Admin email',
    passwordLabel: 'Password',
    helpText: 'Sign in with a Harbor HR administrator account.',
  },
  test: { path: '/company' },
  errorMessagePath: 'message',
  collections: {
    employees: {
      name: 'Employees',
      dataModel: 'users',
      fields: [
        { path: 'employeeId', label: 'Employee ID', type: 'string' },
        { path: 'name.given', label: 'Given name', type: 'string' },
        { path: 'name.family', label: 'Family name', type: 'string' },
        { path: 'workEmail', label: 'Work email', type: 'string' },
        { path: 'jobTitle', label: 'Job title', type: 'string' },
        { path: 'department', label: 'Department', type: 'string' },
        { path: 'hireDate', label: 'Hire date', type: 'date' },
      ],
      list: {
        path: '/employees',
        recordsPath: 'employees',
        idPath: 'employeeId',
        pagination: { type: 'cursor', cursorPath: 'meta.next_page_token', param: { in: 'query', name: 'page_token' }, limit: { param: 'page_size', value: 40 } },
      },
      // Harbor HR has neither webhooks nor a changed-since filter: the engine reads it all and compares.
      events: { type: 'full-scan' },
      defaultMapping: {
        fields: {
          id: { path: 'employeeId' },
          name: { template: '{{name.given}} {{name.family}}' },
          email: { path: 'workEmail' },
          title: { path: 'jobTitle' },
          createdAt: { path: 'hireDate' },
        },
      },
    },
    departments: {
      name: 'Departments',
      fields: [
        { path: 'id', label: 'Department ID', type: 'string' },
        { path: 'name', label: 'Name', type: 'string' },
        { path: 'headcount', label: 'Headcount', type: 'number' },
      ],
      list: { path: '/departments', recordsPath: 'departments', idPath: 'id', pagination: { type: 'none' } },
    },
  },
};

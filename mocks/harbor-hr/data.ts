import { people, slug } from '../shared/people.ts';

export const HARBOR_HR_BASE_URL = 'https://harbor-hr.test/api';
export const HARBOR_HR_USERNAME = 'demo@harbor.test';
export const HARBOR_HR_PASSWORD = 'harbor-demo-pass';

export const DEPARTMENTS = ['Engineering', 'Sales', 'People', 'Finance', 'Support'] as const;

export interface HarborEmployee {
  employeeId: string;
  name: { given: string; family: string };
  workEmail: string;
  jobTitle: string;
  department: string;
  hireDate: string;
}

export function harborEmployees(count: number): HarborEmployee[] {
  return people(count, 23).map((person, index) => ({
    employeeId: `E-${1001 + index}`,
    name: { given: person.first, family: person.last },
    workEmail: `${slug(person.first)[0]}${slug(person.last)}${index + 1}@harbor.example`,
    jobTitle: person.title,
    department: DEPARTMENTS[index % DEPARTMENTS.length] as string,
    hireDate: new Date(person.createdAt).toISOString().slice(0, 10),
  }));
}

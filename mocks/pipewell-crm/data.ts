import { people, slug } from '../shared/people.ts';
import { companies } from '../shared/records.ts';

export const PIPEWELL_BASE_URL = 'https://northwind.pipewell.test/api/v1';
/** The demo API token, sent as the `api_token` query parameter; any other is rejected. */
export const PIPEWELL_API_TOKEN = 'pw_0b7c5e1d9a3f4e28';

/** Pipedrive-style `YYYY-MM-DD HH:MM:SS` in UTC. */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export interface PipewellOrganization {
  id: number;
  name: string;
  people_count: number;
  address: string;
  website: string;
  add_time: string;
  update_time: string;
}

export interface PipewellPerson {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  email: { label: string; value: string; primary: boolean }[];
  phone: { label: string; value: string; primary: boolean }[];
  org_id: { name: string; value: number } | null;
  org_name: string | null;
  add_time: string;
  update_time: string;
}

export function pipewellOrganizations(count: number): PipewellOrganization[] {
  return companies(count, 61).map((company, index) => ({
    id: index + 1,
    name: company.name,
    people_count: company.employees,
    address: `${company.city}, ${company.country}`,
    website: `https://${company.domain}`,
    add_time: stamp(company.createdAt),
    update_time: stamp(company.createdAt + 7 * 86_400_000),
  }));
}

export function pipewellPersons(count: number, organizations: PipewellOrganization[]): PipewellPerson[] {
  return people(count, 67).map((person, index) => {
    const org = organizations.length > 0 ? organizations[index % organizations.length] : undefined;
    return {
      id: index + 1,
      name: `${person.first} ${person.last}`,
      first_name: person.first,
      last_name: person.last,
      email: [{ label: 'work', value: `${slug(person.first)}.${slug(person.last)}${index + 1}@pipewell.example`, primary: true }],
      phone: [{ label: 'work', value: `+44 20 7946 ${String(index).padStart(4, '0')}`, primary: true }],
      org_id: org ? { name: org.name, value: org.id } : null,
      org_name: org?.name ?? null,
      add_time: stamp(person.createdAt),
      update_time: stamp(person.createdAt + 86_400_000),
    };
  });
}

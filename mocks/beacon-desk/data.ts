import { people, slug } from '../shared/people.ts';
import { companies, isoTime } from '../shared/records.ts';

export const BEACON_DESK_BASE_URL = 'https://northwind.beacondesk.test/api/v2';
/** Like Zendesk's API tokens: the agent's email followed by `/token`, and the token as the password. */
export const BEACON_DESK_USERNAME = 'agent@northwind.test/token';
export const BEACON_DESK_PASSWORD = 'bd_api_5e1f0c9a7b';
/** 20 requests a second, published in X-RateLimit-* headers (the benchmark paces against it). */
export const BEACON_DESK_RATE_LIMIT = { requests: 20, perMs: 1_000 } as const;

const ROLES = ['end-user', 'end-user', 'end-user', 'agent', 'admin'] as const;

export interface BeaconOrganization {
  id: number;
  url: string;
  name: string;
  domain_names: string[];
  details: string;
  created_at: string;
  updated_at: string;
}

export interface BeaconUser {
  id: number;
  url: string;
  name: string;
  email: string;
  role: (typeof ROLES)[number];
  time_zone: string;
  organization_id: number | null;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export function beaconOrganizations(count: number): BeaconOrganization[] {
  return companies(count, 71).map((company, index) => {
    const id = 360_000_100_000 + index + 1;
    return {
      id,
      url: `${BEACON_DESK_BASE_URL}/organizations/${id}.json`,
      name: company.name,
      domain_names: [company.domain],
      details: `${company.industry}, ${company.employees} employees`,
      created_at: isoTime(company.createdAt),
      updated_at: isoTime(company.createdAt + 86_400_000),
    };
  });
}

export function beaconUsers(count: number, organizations: BeaconOrganization[]): BeaconUser[] {
  return people(count, 73).map((person, index) => {
    const id = 360_000_200_000 + index + 1;
    return {
      id,
      url: `${BEACON_DESK_BASE_URL}/users/${id}.json`,
      name: `${person.first} ${person.last}`,
      email: `${slug(person.first)}.${slug(person.last)}${index + 1}@beacon.example`,
      role: ROLES[index % ROLES.length] as BeaconUser['role'],
      time_zone: person.city,
      organization_id: organizations[index % Math.max(1, organizations.length)]?.id ?? null,
      active: true,
      created_at: isoTime(person.createdAt),
      updated_at: isoTime(person.createdAt + 2 * 86_400_000),
    };
  });
}

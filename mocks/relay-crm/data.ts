import { people, slug } from '../shared/people.ts';

export const RELAY_CRM_BASE_URL = 'https://api.relay-crm.test/v1';
/** The demo account's API key; any other key is rejected. */
export const RELAY_CRM_API_KEY = 'relay_test_2f8a61c9';

export interface RelayUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  job_title: string;
  address: { city: string; country: string };
  created_at: string;
  updated_at: string;
}

export interface RelayContact {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  company: { name: string };
  updated_at: string;
}

export function relayUsers(count: number): RelayUser[] {
  return people(count, 7).map((person, index) => {
    const id = `usr_${String(index + 1).padStart(4, '0')}`;
    return {
      id,
      first_name: person.first,
      last_name: person.last,
      email: `${slug(person.first)}.${slug(person.last)}.${index + 1}@northwind.example`,
      job_title: person.title,
      address: { city: person.city, country: person.country },
      created_at: new Date(person.createdAt).toISOString(),
      updated_at: new Date(person.createdAt + 86_400_000).toISOString(),
    };
  });
}

export function relayContacts(count: number): RelayContact[] {
  return people(count, 11).map((person, index) => ({
    id: `con_${String(index + 1).padStart(4, '0')}`,
    first_name: person.first,
    last_name: person.last,
    email: `${slug(person.first)}@${slug(person.last)}.example`,
    phone: `+1 555 01${String(index).padStart(2, '0')}`,
    company: { name: `${person.last} & Co` },
    updated_at: new Date(person.createdAt).toISOString(),
  }));
}


import { people, slug } from '../shared/people.ts';
import { companies, token, unixSeconds } from '../shared/records.ts';

export const CIRRUS_BASE_URL = 'https://northwind.cirrusdb.test';
/** The demo read-only resource token; any other is rejected. */
export const CIRRUS_TOKEN = 'crs_ro_7Hq2Vn5TzK';
/** Cosmos-style authorization header: the token follows this prefix. */
export const CIRRUS_AUTH_PREFIX = 'type=resource&ver=1.0&sig=';

/** The system properties every stored document carries. */
interface SystemProperties {
  _rid: string;
  _self: string;
  _etag: string;
  _attachments: 'attachments/';
  _ts: number;
}

export interface CirrusContact extends SystemProperties {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  company: string;
}

export interface CirrusAccount extends SystemProperties {
  id: string;
  name: string;
  domain: string;
  employees: number;
  industry: string;
}

function system(container: string, salt: number, index: number, createdAt: number): SystemProperties {
  const rid = `${token(salt, index, 10)}AAAAAA==`;
  return {
    _rid: rid,
    _self: `dbs/crm/colls/${container}/docs/${rid}/`,
    _etag: `"0000${token(salt + 1, index, 4).toLowerCase()}-0000-0700-0000-65a1b2c30000"`,
    _attachments: 'attachments/',
    _ts: unixSeconds(createdAt),
  };
}

export function cirrusContacts(count: number): CirrusContact[] {
  return people(count, 101).map((person, index) => ({
    id: `contact-${String(index + 1).padStart(5, '0')}`,
    firstName: person.first,
    lastName: person.last,
    email: `${slug(person.first)}.${slug(person.last)}${index + 1}@cirrus.example`,
    phone: `+49 30 9${String(index).padStart(6, '0')}`,
    company: `${person.last} GmbH`,
    ...system('contacts', 101, index, person.createdAt),
  }));
}

export function cirrusAccounts(count: number): CirrusAccount[] {
  return companies(count, 103).map((company, index) => ({
    id: `account-${String(index + 1).padStart(5, '0')}`,
    name: company.name,
    domain: company.domain,
    employees: company.employees,
    industry: company.industry,
    ...system('accounts', 103, index, company.createdAt),
  }));
}

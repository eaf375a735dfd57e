import { companies, unixSeconds } from '../shared/records.ts';

export const SIFT_BASE_URL = 'https://northwind-dsn.siftsearch.test/1';
/** The demo search-only API key; any other is rejected. */
export const SIFT_API_KEY = 'sift_search_3d9a7c51e2';

export interface SiftCompanyHit {
  objectID: string;
  name: string;
  domain: string;
  employees: number;
  industry: string;
  city: string;
  country: string;
  updated_at: number;
}

export function siftCompanies(count: number): SiftCompanyHit[] {
  return companies(count, 107).map((company, index) => ({
    objectID: String(90_000 + index + 1),
    name: company.name,
    domain: company.domain,
    employees: company.employees,
    industry: company.industry,
    city: company.city,
    country: company.country,
    updated_at: unixSeconds(company.createdAt),
  }));
}

import { people, slug } from '../shared/people.ts';
import { files, token, unixSeconds } from '../shared/records.ts';

export const TOLLGATE_BASE_URL = 'https://api.tollgate.test/v1';
/** The demo test-mode secret key; any other is rejected. */
export const TOLLGATE_SECRET_KEY = 'sk_test_tg51NwQ8kR2vLx';

const PURPOSES = ['dispute_evidence', 'identity_document', 'business_logo', 'tax_document_user_upload'] as const;

export interface TollgateCustomer {
  id: string;
  object: 'customer';
  name: string;
  email: string;
  phone: string;
  description: string | null;
  address: { city: string; country: string; line1: null; line2: null; postal_code: null; state: null };
  created: number;
  livemode: false;
  metadata: Record<string, string>;
}

export interface TollgateFile {
  id: string;
  object: 'file';
  created: number;
  expires_at: number | null;
  filename: string;
  purpose: (typeof PURPOSES)[number];
  size: number;
  title: string | null;
  type: string;
  url: string;
}

// Like Stripe, lists come newest first.
const newestFirst = <T extends { created: number }>(list: T[]) => list.sort((a, b) => b.created - a.created);

export function tollgateCustomers(count: number): TollgateCustomer[] {
  return newestFirst(
    people(count, 79).map((person, index) => ({
      id: `cus_${token(79, index)}`,
      object: 'customer',
      name: `${person.first} ${person.last}`,
      email: `${slug(person.first)}.${slug(person.last)}${index + 1}@tollgate.example`,
      phone: `+1 415 555 ${String(index).padStart(4, '0')}`,
      description: null,
      address: { city: person.city, country: person.country, line1: null, line2: null, postal_code: null, state: null },
      created: unixSeconds(person.createdAt),
      livemode: false,
      // Integrations commonly keep the name parts in metadata; `name` is one string.
      metadata: { first_name: person.first, last_name: person.last, company: `${person.last} & Co` },
    })),
  );
}

export function tollgateFiles(count: number): TollgateFile[] {
  return newestFirst(
    files(count, 83).map((file, index) => {
      const id = `file_${token(83, index)}`;
      return {
        id,
        object: 'file',
        created: unixSeconds(file.createdAt),
        expires_at: null,
        filename: file.name,
        purpose: PURPOSES[index % PURPOSES.length] as TollgateFile['purpose'],
        size: file.size,
        title: null,
        type: file.extension,
        url: `https://files.tollgate.test/v1/files/${id}/contents`,
      };
    }),
  );
}

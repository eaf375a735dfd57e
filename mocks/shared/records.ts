/** Deterministic fake companies, files and ids, built like the people in people.ts. */
import { people, seeded, slug } from './people.ts';

const SUFFIXES = ['Labs', 'Logistics', 'Foods', 'Analytics', 'Studio', 'Partners', 'Robotics', 'Health'];
const INDUSTRIES = ['Software', 'Retail', 'Manufacturing', 'Healthcare', 'Finance', 'Education'];
const FILE_KINDS = [
  ['contract', 'pdf', 'application/pdf'],
  ['invoice', 'pdf', 'application/pdf'],
  ['logo', 'png', 'image/png'],
  ['export', 'csv', 'text/csv'],
  ['roadmap', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['screenshot', 'jpg', 'image/jpeg'],
] as const;

export interface Company {
  name: string;
  /** Unique per list. */
  domain: string;
  employees: number;
  industry: string;
  city: string;
  country: string;
  /** Epoch ms within 2024. */
  createdAt: number;
}

export function companies(count: number, seed: number): Company[] {
  const random = seeded(seed * 31 + 5);
  return people(count, seed).map((person, index) => {
    const name = `${person.last} ${SUFFIXES[Math.floor(random() * SUFFIXES.length)]}`;
    return {
      name,
      domain: `${slug(name)}${index + 1}.example`,
      employees: 5 + Math.floor(random() * 2000),
      industry: INDUSTRIES[Math.floor(random() * INDUSTRIES.length)] as string,
      city: person.city,
      country: person.country,
      createdAt: person.createdAt,
    };
  });
}

export interface FileInfo {
  /** Unique per list, e.g. `contract-0007.pdf`. */
  name: string;
  extension: string;
  mimeType: string;
  size: number;
  createdAt: number;
}

export function files(count: number, seed: number): FileInfo[] {
  const random = seeded(seed * 17 + 3);
  return people(count, seed).map((person, index) => {
    const [stem, extension, mimeType] = FILE_KINDS[Math.floor(random() * FILE_KINDS.length)] ?? FILE_KINDS[0];
    return {
      name: `${stem}-${String(index + 1).padStart(4, '0')}.${extension}`,
      extension,
      mimeType,
      size: 1_024 + Math.floor(random() * 4_000_000),
      createdAt: person.createdAt,
    };
  });
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base-62 characters, the same for the same salt and index (Stripe-style id bodies). */
export function token(salt: number, index: number, length = 14): string {
  const random = seeded(salt * 100_003 + index);
  return Array.from({ length }, () => BASE62[Math.floor(random() * 62)]).join('');
}

/** A UUID-shaped id, the same for the same salt and index. */
export function uuid(salt: number, index: number): string {
  const random = seeded(salt * 100_019 + index);
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export const isoTime = (ms: number) => new Date(ms).toISOString();
export const unixSeconds = (ms: number) => Math.floor(ms / 1000);

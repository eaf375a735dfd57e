import { people, slug } from '../shared/people.ts';
import { companies, isoTime, uuid } from '../shared/records.ts';

export const QUILLPAD_BASE_URL = 'https://api.quillpad.test/v1';
/** The demo integration secret; any other is rejected. */
export const QUILLPAD_SECRET = 'secret_qp_Xw3c9LmN2aVb';
/** The "Accounts" database the connector queries. */
export const QUILLPAD_DATABASE_ID = '8f1c3b2a-4d5e-4f60-a7b8-c9d0e1f2a3b4';

export interface QuillpadUser {
  object: 'user';
  id: string;
  type: 'person';
  name: string;
  avatar_url: null;
  person: { email: string };
}

type RichText = { type: 'text'; text: { content: string; link: null }; plain_text: string; href: null };

export interface QuillpadPage {
  object: 'page';
  id: string;
  created_time: string;
  last_edited_time: string;
  archived: false;
  url: string;
  parent: { type: 'database_id'; database_id: string };
  properties: {
    Name: { id: 'title'; type: 'title'; title: RichText[] };
    Domain: { id: string; type: 'url'; url: string };
    Employees: { id: string; type: 'number'; number: number };
    Industry: { id: string; type: 'select'; select: { name: string } };
  };
}

export function quillpadUsers(count: number): QuillpadUser[] {
  return people(count, 89).map((person, index) => ({
    object: 'user',
    id: uuid(89, index),
    type: 'person',
    name: `${person.first} ${person.last}`,
    avatar_url: null,
    person: { email: `${slug(person.first)}${index + 1}@quillpad.example` },
  }));
}

/** Oldest first, the order the connector's query sorts by. */
export function quillpadPages(count: number): QuillpadPage[] {
  const sorted = companies(count, 97).sort((a, b) => a.createdAt - b.createdAt);
  return sorted.map((company, index) => {
    const id = uuid(97, index);
    const text = (content: string): RichText => ({ type: 'text', text: { content, link: null }, plain_text: content, href: null });
    return {
      object: 'page',
      id,
      created_time: isoTime(company.createdAt),
      last_edited_time: isoTime(company.createdAt + 3 * 86_400_000),
      archived: false,
      url: `https://www.quillpad.test/${slug(company.name)}-${id.replaceAll('-', '')}`,
      parent: { type: 'database_id', database_id: QUILLPAD_DATABASE_ID },
      properties: {
        Name: { id: 'title', type: 'title', title: [text(company.name)] },
        Domain: { id: 'dom%3D', type: 'url', url: company.domain },
        Employees: { id: 'emp%3D', type: 'number', number: company.employees },
        Industry: { id: 'ind%3D', type: 'select', select: { name: company.industry } },
      },
    };
  });
}

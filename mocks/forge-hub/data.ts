import { people, slug } from '../shared/people.ts';
import { files, isoTime, token } from '../shared/records.ts';

export const FORGE_HUB_BASE_URL = 'https://api.forgehub.test';
/** The demo personal access token; any other is rejected. */
export const FORGE_HUB_TOKEN = 'fhp_demo_7Yq2LmX04sKd';
/** Like GitHub: 5,000 requests an hour per token. */
export const FORGE_HUB_RATE_LIMIT = { requests: 5_000, perMs: 3_600_000 } as const;
export const FORGE_HUB_ORG = 'northwind';
/** The release whose assets the connector lists. */
export const FORGE_HUB_RELEASE = '/repos/northwind/desktop-app/releases/1001';

export interface ForgeHubMember {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  html_url: string;
  type: 'User';
  site_admin: false;
  name: string;
  email: string;
}

export interface ForgeHubAsset {
  id: number;
  node_id: string;
  name: string;
  label: string | null;
  state: 'uploaded';
  content_type: string;
  size: number;
  download_count: number;
  created_at: string;
  updated_at: string;
  browser_download_url: string;
}

export function forgeHubMembers(count: number): ForgeHubMember[] {
  return people(count, 53).map((person, index) => {
    const login = `${slug(person.first)}-${slug(person.last)}-${index + 1}`;
    return {
      login,
      id: 58_000 + index + 1,
      node_id: `MDQ6VXNlcj${token(53, index, 6)}`,
      avatar_url: `https://avatars.forgehub.test/u/${58_000 + index + 1}?v=4`,
      html_url: `https://forgehub.test/${login}`,
      type: 'User',
      site_admin: false,
      name: `${person.first} ${person.last}`,
      email: `${login}@users.forgehub.example`,
    };
  });
}

export function forgeHubAssets(count: number): ForgeHubAsset[] {
  return files(count, 59).map((file, index) => ({
    id: 770_000 + index + 1,
    node_id: `RA_kwDO${token(59, index, 8)}`,
    name: file.name,
    label: null,
    state: 'uploaded',
    content_type: file.mimeType,
    size: file.size,
    download_count: file.size % 500,
    created_at: isoTime(file.createdAt),
    updated_at: isoTime(file.createdAt + 3_600_000),
    browser_download_url: `https://forgehub.test/northwind/desktop-app/releases/download/v1.0.0/${file.name}`,
  }));
}

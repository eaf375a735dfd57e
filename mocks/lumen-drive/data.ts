import { people, slug } from '../shared/people.ts';
import { files, isoTime, token } from '../shared/records.ts';

export const LUMEN_DRIVE_API_URL = 'https://api.lumen-drive.test/v1';
export const LUMEN_DRIVE_AUTH_URL = 'https://auth.lumen-drive.test/oauth';
export const LUMEN_DRIVE_SCOPES = ['files.read', 'folders.read', 'profile'] as const;
/** The public (PKCE) client Lumen Drive knows: an engine in the browser holds no secret. */
export const LUMEN_DRIVE_CLIENT_ID = 'tributary-demo';
/** A confidential client, as a hosted engine would register one. */
export const LUMEN_DRIVE_CONFIDENTIAL_CLIENT = { clientId: 'tributary-hosted', clientSecret: 'ld_cs_hosted_93Kd7qWm2Rx5' } as const;
/** Like most providers: an access token lasts an hour. */
export const LUMEN_DRIVE_TOKEN_TTL_SECONDS = 3600;

export interface LumenFolder {
  id: string;
  name: string;
  path: string;
  parent_id: string | null;
  created_time: string;
}

export interface LumenFile {
  id: string;
  name: string;
  mime_type: string;
  size_bytes: number;
  folder_id: string;
  owner: { display_name: string; email: string };
  created_time: string;
  modified_time: string;
  web_url: string;
  starred: boolean;
}

const FOLDER_NAMES = ['Contracts', 'Invoices', 'Brand', 'Exports', 'Planning', 'Screenshots', 'Archive'] as const;

export function lumenFolders(): LumenFolder[] {
  const start = Date.UTC(2023, 10, 1);
  return FOLDER_NAMES.map((name, index) => ({
    id: `fld_${token(71, index, 10)}`,
    name,
    // Archive sits inside Planning, so one folder has a parent.
    path: name === 'Archive' ? '/Planning/Archive' : `/${name}`,
    parent_id: name === 'Archive' ? `fld_${token(71, FOLDER_NAMES.indexOf('Planning'), 10)}` : null,
    created_time: isoTime(start + index * 86_400_000),
  }));
}

/** Each file lands in the folder its kind belongs to (contracts in Contracts …). */
const FOLDER_OF_STEM: Record<string, (typeof FOLDER_NAMES)[number]> = {
  contract: 'Contracts',
  invoice: 'Invoices',
  logo: 'Brand',
  export: 'Exports',
  roadmap: 'Planning',
  screenshot: 'Screenshots',
};

export function lumenFiles(count: number): LumenFile[] {
  const folders = lumenFolders();
  const owners = people(count, 73);
  return files(count, 73).map((file, index) => {
    const id = `file_${token(73, index, 12)}`;
    const owner = owners[index] ?? owners[0]!;
    const folderName = FOLDER_OF_STEM[file.name.split('-')[0] ?? ''] ?? 'Archive';
    return {
      id,
      name: file.name,
      mime_type: file.mimeType,
      size_bytes: file.size,
      folder_id: folders.find((folder) => folder.name === folderName)!.id,
      owner: { display_name: `${owner.first} ${owner.last}`, email: `${slug(owner.first)}.${slug(owner.last)}@northwind.example` },
      created_time: isoTime(file.createdAt),
      modified_time: isoTime(file.createdAt + (index % 9) * 3_600_000),
      web_url: `https://drive.lumen-drive.test/file/${id}`,
      starred: index % 7 === 0,
    };
  });
}

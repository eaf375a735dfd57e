import { people, slug } from '../shared/people.ts';
import { files, isoTime } from '../shared/records.ts';

export const TASKWISE_BASE_URL = 'https://app.taskwise.test/api/1.0';
/** The demo personal access token; any other is rejected. */
export const TASKWISE_TOKEN = 'tw_pat_1204_9f3ac2d7';
export const TASKWISE_WORKSPACE_GID = '1204000000000001';
/** The project whose attachments the connector lists. */
export const TASKWISE_PROJECT_GID = '1204000000000042';

export interface TaskwiseUser {
  gid: string;
  resource_type: 'user';
  name: string;
  email: string;
  photo: null;
}

export interface TaskwiseAttachment {
  gid: string;
  resource_type: 'attachment';
  resource_subtype: 'asana';
  name: string;
  host: 'asana';
  size: number;
  created_at: string;
  download_url: string;
  permanent_url: string;
  parent: { gid: string; resource_type: 'project' };
}

export function taskwiseUsers(count: number): TaskwiseUser[] {
  return people(count, 41).map((person, index) => ({
    gid: String(1204000000100000 + index + 1),
    resource_type: 'user',
    name: `${person.first} ${person.last}`,
    email: `${slug(person.first)}.${slug(person.last)}${index + 1}@taskwise.example`,
    photo: null,
  }));
}

export function taskwiseAttachments(count: number): TaskwiseAttachment[] {
  return files(count, 43).map((file, index) => {
    const gid = String(1204000000200000 + index + 1);
    return {
      gid,
      resource_type: 'attachment',
      resource_subtype: 'asana',
      name: file.name,
      host: 'asana',
      size: file.size,
      created_at: isoTime(file.createdAt),
      download_url: `https://files.taskwise.test/${gid}/${file.name}`,
      permanent_url: `https://app.taskwise.test/app/asana/-/get_asset?asset_id=${gid}`,
      parent: { gid: TASKWISE_PROJECT_GID, resource_type: 'project' },
    };
  });
}

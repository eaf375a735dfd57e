import * as z from 'zod/mini';
import type { AppSummary, Credentials, CredentialField } from '../../engine/index.ts';

export type CredentialValues = Partial<Record<CredentialField['name'], string>>;

/** Every credential field the app asks for must be filled in. */
export function credentialsSchema(
  fields: readonly CredentialField[],
): z.ZodMiniType<Record<string, string>, Record<string, string>> {
  const shape: Record<string, z.ZodMiniString<string>> = {};
  for (const field of fields) {
    shape[field.name] = z.string().check(
      z.refine((value) => value.trim() !== '', `${field.label} is required.`),
    );
  }
  return z.object(shape);
}

export function emptyCredentialValues(fields: readonly CredentialField[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.name, '']));
}

/**
 * The credentials a form's values stand for; undefined for auth types the form cannot collect.
 * Keys and user names lose stray whitespace from pasting; passwords are kept as typed.
 */
export function toCredentials(
  type: AppSummary['auth']['type'],
  values: CredentialValues,
): Credentials | undefined {
  switch (type) {
    case 'api-key':
      return { type: 'api-key', apiKey: (values.apiKey ?? '').trim() };
    case 'basic':
      return { type: 'basic', username: (values.username ?? '').trim(), password: values.password ?? '' };
    case 'oauth2':
      return undefined;
    default:
      return type satisfies never;
  }
}

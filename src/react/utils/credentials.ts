import type { AppSummary, Credentials, CredentialField } from '../../engine/index.ts';
import type { FormCheck } from './checkResolver.ts';

export type CredentialValues = Partial<Record<CredentialField['name'], string>>;

/** Every credential field the app asks for must be filled in. */
export function credentialsCheck(fields: readonly CredentialField[]): FormCheck<Record<string, string>> {
  return (values) => fields.filter(({ name }) => !values[name]?.trim()).map(({ name, label }) => [name, `${label} is required.`]);
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
  return type === 'api-key'
    ? { type, apiKey: (values.apiKey ?? '').trim() }
    : type === 'basic'
      ? { type, username: (values.username ?? '').trim(), password: values.password ?? '' }
      : undefined;
}

import * as z from 'zod/mini';
import type { AppSummary, Credentials, CredentialField } from '../../engine/index.ts';

export type CredentialValues = Partial<Record<CredentialField['name'], string>>;

/**
 * Every credential field the app asks for must be filled in. One refinement over the whole form, rather than an
 * object of strings, keeps the zod schemas this kit bundles to `custom` and `superRefine`.
 */
export function credentialsSchema(
  fields: readonly CredentialField[],
): z.ZodMiniType<Record<string, string>, Record<string, string>> {
  return z.custom<Record<string, string>>().check(
    z.superRefine((values, ctx) => {
      for (const { name, label } of fields) {
        if (!values[name]?.trim()) ctx.addIssue({ code: 'custom', message: `${label} is required.`, path: [name], input: values[name] });
      }
    }),
  );
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

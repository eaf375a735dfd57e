import { TributaryError, type ValidationIssue } from '../errors.ts';
import { checkMapping } from '../mapping/validateMapping.ts';
import { parsePath } from '../util/path.ts';
import { toValidationIssues } from '../util/issues.ts';
import { connectorSchema } from './connector.schema.ts';
import type { ConnectorDefinition } from './connector.types.ts';

function pathIssues(definition: ConnectorDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const checkPath = (where: string, path: string | undefined) => {
    if (path !== undefined && path !== '' && !parsePath(path)) {
      issues.push({ path: where, message: `"${path}" is not a valid path (use a.b[0].c; no __proto__, prototype or constructor)` });
    }
  };
  checkPath('errorMessagePath', definition.errorMessagePath);
  for (const [key, collection] of Object.entries(definition.collections)) {
    const at = `collections.${key}`;
    checkPath(`${at}.list.recordsPath`, collection.list.recordsPath);
    checkPath(`${at}.list.idPath`, collection.list.idPath);
    checkPath(`${at}.list.updatedAtPath`, collection.list.updatedAtPath);
    if (collection.list.pagination.type === 'cursor') {
      checkPath(`${at}.list.pagination.cursorPath`, collection.list.pagination.cursorPath);
    }
    collection.fields.forEach((field, index) => checkPath(`${at}.fields[${index}].path`, field.path));
    if (collection.defaultMapping) {
      issues.push(...checkMapping(collection.defaultMapping, `${at}.defaultMapping`));
    }
  }
  return issues;
}

/**
 * Checks a connector definition and returns it typed. Throws a `config`
 * TributaryError (code `connector.invalid`) listing every problem with its path.
 */
export function validateConnector(definition: unknown): ConnectorDefinition {
  const result = connectorSchema.safeParse(definition);
  const issues = result.success
    ? pathIssues(result.data as ConnectorDefinition)
    : toValidationIssues(result.error.issues);
  if (issues.length > 0) {
    const id = typeof definition === 'object' && definition !== null && 'id' in definition ? String(definition.id) : 'connector';
    throw new TributaryError({
      code: 'connector.invalid',
      class: 'config',
      message: `Connector "${id}" is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
    });
  }
  return result.data as ConnectorDefinition;
}

import type { ValidationIssue } from '../errors.ts';
import { checkMapping } from '../mapping/validateMapping.ts';
import { parsePath } from '../util/path.ts';
import { invalidError, toValidationIssues } from '../util/issues.ts';
import { connectorSchema } from './connector.schema.ts';
import type { CollectionDefinition, ConnectorDefinition, ListOperation } from './connector.types.ts';

function paginationIssues(
  list: ListOperation,
  at: string,
  checkPath: (where: string, path: string | undefined) => void,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { pagination } = list;
  if (pagination.type === 'none') return issues;
  checkPath(`${at}.pagination.hasMorePath`, pagination.hasMorePath);
  checkPath(`${at}.pagination.totalPath`, pagination.totalPath);
  const params = [
    pagination.limit?.in,
    pagination.type === 'cursor' ? pagination.param.in : undefined,
    pagination.type === 'offset' ? pagination.offsetParam.in : undefined,
    pagination.type === 'page-number' ? pagination.pageParam.in : undefined,
    pagination.type === 'has-more' ? pagination.startingAfterParam.in : undefined,
  ];
  if (params.includes('body') && list.method !== 'POST') {
    issues.push({ path: `${at}.method`, message: 'must be "POST" when a pagination parameter is sent in the body' });
  }
  switch (pagination.type) {
    case 'cursor':
      checkPath(`${at}.pagination.cursorPath`, pagination.cursorPath);
      break;
    case 'next-url':
      checkPath(`${at}.pagination.nextUrlPath`, pagination.nextUrlPath);
      break;
    case 'has-more':
      checkPath(`${at}.pagination.hasMorePath`, pagination.hasMorePath);
      break;
    case 'offset':
    case 'page-number':
      break;
    default:
      pagination satisfies never;
  }
  return issues;
}

function eventIssues(
  definition: ConnectorDefinition,
  collection: CollectionDefinition,
  at: string,
  checkPath: (where: string, path: string | undefined) => void,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  checkPath(`${at}.get.recordPath`, collection.get?.recordPath);
  const { events } = collection;
  if (!events) return issues;
  switch (events.type) {
    case 'webhook':
      checkPath(`${at}.events.eventsPath`, events.eventsPath);
      checkPath(`${at}.events.typePath`, events.typePath);
      checkPath(`${at}.events.recordIdPath`, events.recordIdPath);
      checkPath(`${at}.events.versionPath`, events.versionPath);
      checkPath(`${at}.events.eventIdPath`, events.eventIdPath);
      checkPath(`${at}.events.timestampPath`, events.timestampPath);
      if (!definition.webhooks) issues.push({ path: `${at}.events`, message: 'webhook events need the connector\'s "webhooks" (how deliveries are verified)' });
      // A webhook names a record; only a fetch can tell what it now holds.
      if (!collection.get) issues.push({ path: `${at}.get`, message: 'is required for webhook events (each event fetches its record by id)' });
      if (Object.keys(events.types).length === 0) issues.push({ path: `${at}.events.types`, message: 'must name at least one event type' });
      break;
    case 'polling':
      checkPath(`${at}.events.deletedPath`, events.deletedPath);
      if (events.since.in === 'header') issues.push({ path: `${at}.events.since.in`, message: 'must be "query" or "body"' });
      if (events.since.in === 'body' && collection.list.method !== 'POST') {
        issues.push({ path: `${at}.list.method`, message: 'must be "POST" when the updated-since filter is sent in the body' });
      }
      break;
    case 'full-scan':
      break;
    default:
      events satisfies never;
  }
  return issues;
}

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
    issues.push(...paginationIssues(collection.list, `${at}.list`, checkPath));
    issues.push(...eventIssues(definition, collection, at, checkPath));
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
    throw invalidError('connector.invalid', `Connector "${id}" is invalid`, issues);
  }
  return result.data as ConnectorDefinition;
}

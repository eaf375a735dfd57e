import * as z from 'zod/mini';

const nonEmpty = z.string().check(z.minLength(1, 'must not be empty'));
const kebabId = z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case (a-z, 0-9, -)'));
const absoluteUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });
const fieldType = z.enum(['string', 'number', 'boolean', 'date', 'object', 'array']);

const apiKeyAuth = z.strictObject({
  type: z.literal('api-key'),
  in: z.enum(['header', 'query']),
  name: nonEmpty,
  prefix: z.optional(z.string()),
  label: z.optional(nonEmpty),
  helpText: z.optional(z.string()),
});

const basicAuth = z.strictObject({
  type: z.literal('basic'),
  usernameLabel: z.optional(nonEmpty),
  passwordLabel: z.optional(nonEmpty),
  helpText: z.optional(z.string()),
});

const oauth2Auth = z.strictObject({
  type: z.literal('oauth2'),
  authorizeUrl: absoluteUrl,
  tokenUrl: absoluteUrl,
  scopes: z.array(z.string()),
  helpText: z.optional(z.string()),
});

const cursorPagination = z.strictObject({
  type: z.literal('cursor'),
  cursorPath: nonEmpty,
  param: z.strictObject({ in: z.enum(['query', 'header']), name: nonEmpty }),
  limit: z.optional(
    z.strictObject({ param: nonEmpty, value: z.number().check(z.int(), z.positive('must be positive')) }),
  ),
});

const noPagination = z.strictObject({ type: z.literal('none') });

const fieldExpression = z.union([
  z.strictObject({ path: z.string() }),
  z.strictObject({ constant: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  z.strictObject({ template: z.string() }),
]);

export const fieldMappingSchema = z.strictObject({
  fields: z.record(z.string(), fieldExpression),
});

const collection = z.strictObject({
  name: nonEmpty,
  description: z.optional(z.string()),
  dataModel: z.optional(kebabId),
  fields: z.array(
    z.strictObject({ path: nonEmpty, label: z.optional(z.string()), type: fieldType }),
  ),
  list: z.strictObject({
    path: z.string().check(z.startsWith('/', 'must start with /')),
    query: z.optional(z.record(z.string(), z.string())),
    recordsPath: z.string(),
    idPath: nonEmpty,
    updatedAtPath: z.optional(nonEmpty),
    pagination: z.discriminatedUnion('type', [cursorPagination, noPagination]),
  }),
  defaultMapping: z.optional(fieldMappingSchema),
});

export const connectorSchema = z.strictObject({
  id: kebabId,
  name: nonEmpty,
  description: z.optional(z.string()),
  categories: z.optional(z.array(z.string())),
  color: z.optional(z.string()),
  baseUrl: absoluteUrl,
  auth: z.discriminatedUnion('type', [apiKeyAuth, basicAuth, oauth2Auth]),
  test: z.optional(z.strictObject({ path: z.string().check(z.startsWith('/', 'must start with /')) })),
  errorMessagePath: z.optional(nonEmpty),
  collections: z.record(kebabId, collection),
});

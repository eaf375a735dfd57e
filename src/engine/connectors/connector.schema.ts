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

const positiveInt = z.number().check(z.int(), z.positive('must be positive'));
const paramLocation = z.enum(['query', 'header', 'body']);
const requestParam = z.strictObject({ in: paramLocation, name: nonEmpty });
const limit = z.strictObject({ param: nonEmpty, value: positiveInt, in: z.optional(paramLocation) });
const common = {
  limit: z.optional(limit),
  hasMorePath: z.optional(nonEmpty),
  totalPath: z.optional(nonEmpty),
};

const cursorPagination = z
  .strictObject({
    type: z.literal('cursor'),
    cursorPath: z.optional(nonEmpty),
    cursorHeader: z.optional(nonEmpty),
    param: requestParam,
    ...common,
  })
  .check(z.refine((p) => !p.cursorPath !== !p.cursorHeader, { message: 'names exactly one of cursorPath or cursorHeader' }));

const nextUrlPagination = z
  .strictObject({
    type: z.literal('next-url'),
    nextUrlPath: z.optional(nonEmpty),
    linkHeader: z.optional(z.boolean()),
    ...common,
  })
  .check(z.refine((p) => !p.nextUrlPath !== !p.linkHeader, { message: 'names exactly one of nextUrlPath or linkHeader: true' }));

const offsetPagination = z.strictObject({
  type: z.literal('offset'),
  offsetParam: requestParam,
  ...common,
  limit,
});

const pageNumberPagination = z.strictObject({
  type: z.literal('page-number'),
  pageParam: requestParam,
  firstPage: z.optional(z.union([z.literal(0), z.literal(1)])),
  ...common,
});

const hasMorePagination = z.strictObject({
  type: z.literal('has-more'),
  startingAfterParam: requestParam,
  ...common,
  hasMorePath: nonEmpty,
});

const noPagination = z.strictObject({ type: z.literal('none') });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'must be text, a number, true, false or null' });
const text = z.string({ error: (issue) => (issue.input === undefined ? 'is required (text)' : 'must be text') });
const condition = z.strictObject({ path: text, equals: z.optional(scalar), in: z.optional(z.array(scalar)), exists: z.optional(z.boolean()) });

/**
 * One object with every kind's key optional, rather than a union of kinds: a
 * mistake deep inside then has its own path (`firstOf[1].path must be text`),
 * where a union could only say the whole expression matches none. Which keys
 * go together (exactly one kind, `otherwise` only with `cases`, one test per
 * condition) is checked by `checkMapping`, with paths too. Recursive through
 * getters, as zod 4 defines recursive schemas.
 */
const fieldExpression = z.strictObject({
  path: z.optional(text),
  constant: z.optional(scalar),
  template: z.optional(text),
  get firstOf(): z.ZodMiniOptional<z.ZodMiniArray<typeof fieldExpression>> {
    return z.optional(z.array(fieldExpression));
  },
  get lookup() {
    return z.optional(lookup);
  },
  get cases() {
    return z.optional(z.array(caseSchema));
  },
  get otherwise(): z.ZodMiniOptional<typeof fieldExpression> {
    return z.optional(fieldExpression);
  },
  as: z.optional(z.enum(['string', 'number', 'boolean', 'date', 'email'])),
});

const lookup = z.strictObject({
  value: fieldExpression,
  table: z.record(z.string(), scalar),
  otherwise: z.optional(scalar),
  ignoreCase: z.optional(z.boolean()),
});

const caseSchema = z.strictObject({ when: condition, then: fieldExpression });

const eventType = z.enum(['record-created', 'record-updated', 'record-deleted']);
const resync = { resyncIntervalMs: z.optional(z.number().check(z.int(), z.gte(60_000, 'must be at least 60000 (one minute)'))) };

const webhookEvents = z.strictObject({
  type: z.literal('webhook'),
  eventsPath: z.optional(z.string()),
  typePath: nonEmpty,
  types: z.record(nonEmpty, eventType),
  recordIdPath: nonEmpty,
  versionPath: z.optional(nonEmpty),
  eventIdPath: z.optional(nonEmpty),
  timestampPath: z.optional(nonEmpty),
  ...resync,
});

const pollingEvents = z.strictObject({
  type: z.literal('polling'),
  since: z.strictObject({ param: nonEmpty, in: z.optional(paramLocation), format: z.enum(['iso', 'epoch-seconds', 'epoch-ms']) }),
  intervalMs: z.optional(z.number().check(z.int(), z.gte(30_000, 'must be at least 30000 (30 seconds)'))),
  deletedPath: z.optional(nonEmpty),
  ...resync,
});

const fullScanEvents = z.strictObject({
  type: z.literal('full-scan'),
  intervalMs: z.optional(z.number().check(z.int(), z.gte(60_000, 'must be at least 60000 (one minute)'))),
  ...resync,
});

const webhookIntake = z.strictObject({
  verify: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('hmac-sha256'),
      header: nonEmpty,
      encoding: z.enum(['hex', 'base64']),
      prefix: z.optional(z.string()),
      timestamp: z.optional(z.strictObject({ header: nonEmpty, format: z.enum(['epoch-seconds', 'epoch-ms', 'iso']), separator: z.optional(z.string()) })),
    }),
    z.strictObject({ type: z.literal('token'), header: nonEmpty, prefix: z.optional(z.string()) }),
  ]),
  secret: z.discriminatedUnion('from', [
    z.strictObject({ from: z.literal('generated') }),
    z.strictObject({ from: z.literal('credential'), field: z.enum(['apiKey', 'password']) }),
  ]),
  toleranceSeconds: z.optional(positiveInt),
});

/** Deeper than this, a mapping is refused before it is parsed: no parse (ours or the schema's) walks it. */
const MAX_MAPPING_NESTING = 100;

/**
 * Walks raw JSON with a stack (never recursion, whatever its depth) for what
 * the schema would otherwise hide: a nesting deep enough to exhaust a
 * recursive parse, and `__proto__` keys, which a parse would drop without a word.
 */
function mappingShapeIssues(input: unknown): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0 && issues.length < 20) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_MAPPING_NESTING) {
      issues.push({ path, message: `nests more than ${MAX_MAPPING_NESTING} levels deep` });
      break;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') issues.push({ path: [...path, key], message: 'is not allowed as a key' });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return issues;
}

export const fieldMappingSchema = z.pipe(
  z.unknown().check(
    z.superRefine((input, ctx) => {
      for (const issue of mappingShapeIssues(input)) ctx.addIssue({ code: 'custom', input, path: issue.path, message: issue.message });
    }),
  ),
  z.strictObject({
    fields: z.record(z.string(), fieldExpression),
    onError: z.optional(z.enum(['skip', 'null'])),
  }),
);

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
    method: z.optional(z.enum(['GET', 'POST'])),
    body: z.optional(z.record(z.string(), z.unknown())),
    pagination: z.discriminatedUnion('type', [
      cursorPagination,
      nextUrlPagination,
      offsetPagination,
      pageNumberPagination,
      hasMorePagination,
      noPagination,
    ]),
    maxPages: z.optional(positiveInt),
  }),
  get: z.optional(z.strictObject({
    path: z.string().check(z.startsWith('/', 'must start with /'), z.includes('{id}', { message: 'must contain {id}' })),
    query: z.optional(z.record(z.string(), z.string())),
    recordPath: z.optional(z.string()),
  })),
  events: z.optional(z.discriminatedUnion('type', [webhookEvents, pollingEvents, fullScanEvents])),
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
  rateLimit: z.optional(z.strictObject({ requests: positiveInt, perMs: positiveInt })),
  webhooks: z.optional(webhookIntake),
  collections: z.record(kebabId, collection),
});

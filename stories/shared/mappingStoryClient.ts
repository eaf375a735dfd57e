import { connectors, relayCrm } from '../../mocks/index.ts';
import { createClient, TributaryError, type TributaryClient } from '../../src/client/index.ts';
import {
  createEngine,
  type Connection,
  type ConnectorDefinition,
  type EngineOptions,
  type FieldMapping,
  type FieldMappingState,
  type SourceField,
  type TargetField,
} from '../../src/engine/index.ts';

/**
 * Story-only clients for the field mapping editor's states: an in-process engine on the mocked apps plus a very wide
 * one (300 fields), with saves that can be held forever or refused, and a mapping that can be kept loading.
 */

const WIDE_BASE_URL = 'https://api.ledger-wide.test/v2';
const WIDE_API_KEY = 'ledger_wide_story_key';
const WIDE_FIELDS = 300;
export const WIDE_APP_ID = 'ledger-wide';
/** The data model the wide app's entries resolve to, with the host's 300-field schema. */
export const WIDE_MODEL = 'ledger-entries';

const wideSources: SourceField[] = Array.from({ length: WIDE_FIELDS }, (_, index) => ({
  path: `section_${Math.floor(index / 12)}.item_${index}`,
  label: `Item ${index}`,
  type: index % 20 === 0 ? 'number' : 'string',
}));

const wideTargets: TargetField[] = Array.from({ length: WIDE_FIELDS }, (_, index) => ({
  key: `item${index}`,
  label: `Item ${index}`,
  type: index % 20 === 0 ? 'number' : 'string',
  ...(index < 3 ? { required: true } : {}),
}));

/** The app's default maps the first half; the rest is left to suggestions and the user. */
const wideDefault: FieldMapping = {
  fields: Object.fromEntries(wideSources.slice(0, WIDE_FIELDS / 2).map((field, index) => [`item${index}`, { path: field.path }])),
};

const wideConnector: ConnectorDefinition = {
  id: WIDE_APP_ID,
  name: 'Ledger Wide',
  description: 'Accounting ledger with very wide entries.',
  categories: ['finance'],
  color: '#1f6f8b',
  baseUrl: WIDE_BASE_URL,
  auth: { type: 'api-key', in: 'header', name: 'X-Ledger-Key', label: 'API key' },
  test: { path: '/me' },
  collections: {
    entries: {
      name: 'Entries',
      dataModel: WIDE_MODEL,
      fields: wideSources,
      list: { path: '/entries', recordsPath: 'entries', idPath: 'section_0.item_1', pagination: { type: 'none' } },
      defaultMapping: wideDefault,
    },
  },
};

function wideEntry(record: number): Record<string, Record<string, string | number>> {
  const entry: Record<string, Record<string, string | number>> = {};
  for (const [index, field] of wideSources.entries()) {
    const [section, item] = field.path.split('.') as [string, string];
    (entry[section] ??= {})[item] = field.type === 'number' ? record * 100 + index : `${field.label} of entry ${record}`;
  }
  return entry;
}

/** Answers the wide app's requests in the page itself; every other request goes on to the network (msw). */
const wideAppFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!url.href.startsWith(WIDE_BASE_URL)) return fetch(input, init);
  const key = new Headers(input instanceof Request ? input.headers : init?.headers).get('X-Ledger-Key');
  if (key !== WIDE_API_KEY) return Response.json({ error: 'Unknown API key' }, { status: 401 });
  if (url.pathname.endsWith('/me')) return Response.json({ account: 'Story ledger' });
  if (url.pathname.endsWith('/entries')) return Response.json({ entries: [1, 2, 3, 4, 5].map(wideEntry) });
  return Response.json({ error: 'Not found' }, { status: 404 });
};

export interface MappingStoryOptions {
  /** `hold`: a save never finishes; `fail`: a save is refused after a moment, as a store outage would. @default 'store' */
  save?: 'store' | 'hold' | 'fail';
  /** Keeps the mapping loading forever. */
  loading?: boolean;
  /** The host's default mappings, as the engine takes them. */
  defaultMappings?: EngineOptions['defaultMappings'];
}

/** A client on a fresh engine with the mocked apps and the wide app, behaving as `options` say. */
export function createMappingStoryClient(options: MappingStoryOptions = {}): TributaryClient {
  const engine = createEngine({
    connectors: [...connectors, wideConnector],
    schemas: { [WIDE_MODEL]: { fields: wideTargets } },
    ...(options.defaultMappings ? { defaultMappings: options.defaultMappings } : {}),
    destination: async () => {},
    fetch: wideAppFetch,
  });
  const client = createClient({ engine });
  const overrides: Partial<TributaryClient> = {};
  if (options.save === 'hold') overrides.saveFieldMapping = () => new Promise<FieldMappingState>(() => {});
  if (options.save === 'fail') {
    overrides.saveFieldMapping = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      throw new TributaryError({
        code: 'store.unavailable',
        class: 'transient',
        message: 'The mapping store did not answer. Your changes are still here; try again in a moment.',
      });
    };
  }
  if (options.loading) {
    overrides.fieldMapping = () => ({
      getSnapshot: () => LOADING,
      subscribe: () => () => {},
      refresh: () => new Promise<FieldMappingState>(() => {}),
    });
  }
  return { ...client, ...overrides };
}

const LOADING = { status: 'loading' } as const;

const connecting = new WeakMap<TributaryClient, Promise<Connection>>();

/** Connects the mocked Relay CRM or the wide app, once per client (StrictMode runs effects twice). */
export function connectStoryApp(client: TributaryClient, app: 'relay-crm' | typeof WIDE_APP_ID): Promise<Connection> {
  let pending = connecting.get(client);
  if (!pending) {
    pending = client.connect(
      app === WIDE_APP_ID
        ? { appId: WIDE_APP_ID, credentials: { type: 'api-key', apiKey: WIDE_API_KEY } }
        : { appId: relayCrm.appId, credentials: relayCrm.credentials },
    );
    connecting.set(client, pending);
  }
  return pending;
}

import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CSSProperties, ReactNode } from 'react';
import { connectors, harborHr, relayCrm } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import {
  createEngine,
  createMemoryStore,
  type Connection,
  type RunSnapshot,
  type Store,
} from '../../src/engine/index.ts';
import { Connections } from '../../src/react/index.ts';
import { withTributary, type TributaryStoryParameters } from './decorators.tsx';
import { Prepared as PreparedStory } from '../shared/Prepared.tsx';
import { silentTransport, unreachableTransport } from '../shared/transports.ts';

const meta = {
  title: 'Components/Connections',
  component: Connections,
  parameters: {
    docs: {
      description: {
        component:
          'The tenant’s connections: each app with its status (`connected`, `needs-reauth`, `error`, `disconnected`), when it was added, its last import and what went wrong; Reconnect re-authenticates in place (same connection, mappings and runs) and Disconnect asks first. Ships as a composite and as parts (`Connections.Root`, `.List`, `.Item`, `.Status`, `.LastImport`, `.Problem`, `.Actions`), plus the `useConnectionsList` hook.',
      },
    },
  },
} satisfies Meta<typeof Connections>;

export default meta;
type Story = StoryObj<typeof meta>;

const frame: CSSProperties = { padding: '1.5rem', maxWidth: '48rem' };

/** Renders `children` in a provider on the client `prepare` makes, once it is ready. */
function Prepared({ prepare, children }: { prepare: () => Promise<TributaryClient>; children: ReactNode }) {
  return (
    <PreparedStory prepare={prepare} style={frame}>
      {children}
    </PreparedStory>
  );
}

/** A client on the in-process engine over a memory store that `seed` fills first. */
async function seededClient(seed: (store: Store) => Promise<void>): Promise<TributaryClient> {
  const store = createMemoryStore();
  await seed(store);
  return createClient({ engine: createEngine({ connectors, destination: async () => {}, store }) });
}

const zero = { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 };
const HOUR = 3_600_000;

function importRun(id: string, connectionId: string, at: number, overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id,
    revision: 1,
    kind: 'import',
    dataSource: { connectionId, collection: 'users', dataModel: 'users' },
    status: 'succeeded',
    createdAt: at,
    startedAt: at,
    finishedAt: at + 14_000,
    counters: { ...zero, pages: 6, fetched: 257, delivered: 257 },
    skipped: [],
    log: [],
    ...overrides,
  };
}

function relayConnection(status: Connection['status'], error?: Connection['error']): Connection {
  const createdAt = Date.now() - 30 * 24 * HOUR;
  return { id: 'relay', appId: relayCrm.appId, appName: 'Relay CRM', status, createdAt, updatedAt: Date.now() - HOUR, ...(error ? { error } : {}) };
}

const revoked = { code: 'auth.unauthorized', class: 'auth' as const, message: 'Relay CRM refused the credentials (401): Invalid API key' };

// ---- States ---------------------------------------------------------------------------------------

/** The connections are on their way (here: a server that never answers). */
export const Loading: Story = {
  render: () => {
    return (
      <Prepared prepare={async () => createClient({ transport: silentTransport })}>
        <Connections />
      </Prepared>
    );
  },
};


/** The connections could not be loaded: why, and Try again. */
export const LoadError: Story = {
  render: () => (
    <Prepared prepare={async () => createClient({ transport: unreachableTransport })}>
      <Connections />
    </Prepared>
  ),
};

/** Nothing connected yet. */
export const Empty: Story = {
  decorators: [withTributary],
  args: { emptyText: 'No apps connected yet. Connect one from the catalog to start importing.' },
};

/**
 * Relay CRM (its 257 users imported) and Harbor HR, both connected. Reconnect opens the connect dialog for the same
 * connection (Relay CRM’s demo key is `relay_test_2f8a61c9`); Disconnect asks first, with focus on Cancel.
 */
export const Connected: Story = {
  decorators: [withTributary],
  parameters: {
    tributary: { connect: [relayCrm.appId, harborHr.appId], imports: [{ dataModel: 'users' }] } satisfies TributaryStoryParameters,
  },
};

/**
 * Relay CRM stopped accepting the saved key mid-import: the connection needs re-authentication and Reconnect is
 * the suggested action. Reconnect with the demo key `relay_test_2f8a61c9`: the connection turns connected and keeps
 * its id, mappings and runs.
 */
export const NeedsReauth: Story = {
  render: () => (
    <Prepared
      prepare={() =>
        seededClient(async (store) => {
          await store.putConnection(relayConnection('needs-reauth', revoked));
          await store.putCredentials('relay', { type: 'api-key', apiKey: 'relay_test_revoked' });
          await store.putRun(importRun('import-1', 'relay', Date.now() - 26 * HOUR));
          await store.putRun(importRun('import-2', 'relay', Date.now() - 2 * HOUR, { status: 'failed', error: revoked }));
        })
      }
    >
      <Connections />
    </Prepared>
  ),
};

/** The app kept failing (503s past the retry budget): the connection is in error, with the app’s message. */
export const ErrorStatus: Story = {
  render: () => (
    <Prepared
      prepare={() =>
        seededClient(async (store) => {
          await store.putConnection(
            relayConnection('error', { code: 'http.server-error', class: 'transient', message: 'Relay CRM answered 503 Service Unavailable.' }),
          );
          await store.putCredentials('relay', relayCrm.credentials);
          await store.putRun(importRun('import-1', 'relay', Date.now() - 5 * HOUR, { status: 'cancelled' }));
        })
      }
    >
      <Connections />
    </Prepared>
  ),
};

/** The parts in a host’s own layout: a compact row per connection with only the status and the actions. */
export const ComposedFromParts: Story = {
  decorators: [withTributary],
  parameters: { tributary: { connect: [relayCrm.appId, harborHr.appId] } satisfies TributaryStoryParameters },
  render: () => (
    <Connections.Root aria-label="Linked apps">
      <Connections.List>
        {(item) => (
          <Connections.Item item={item}>
            <strong data-part="host-app-name">{item.connection.appName}</strong>
            <Connections.Status />
            <Connections.Actions />
          </Connections.Item>
        )}
      </Connections.List>
    </Connections.Root>
  ),
};
